// Entry point of the admin UI bundle (dist/ui/app.js).
import { html, render } from 'htm/preact';
import { App } from './app';

render(html`<${App} />`, document.getElementById('app')!);
