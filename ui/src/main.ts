// Entry point of the admin UI bundle (dist/ui/app.js). Each language's catalog is a chunk of
// its own (dist/ui/chunks/<lang>-<hash>.js), so before the first render this settles the
// language and fetches that one catalog: the choice stored in this browser, else the studio's
// language from /api/setup (the browser's, while the box is not set up), which App needs first anyway (so it is handed over, not asked twice).
import { html, render } from 'htm/preact';
import { api } from './api';
import { startEarly } from './early-fetch';
import { App } from './app';
import type { Language, Me, SetupState } from './contract';
import { browserLanguage, isLanguage, loadFirstLanguage, setLanguage, storedLanguage } from './i18n/catalog';

/** When not even the English catalog can be fetched (the box restarting mid-update): say so in all three, and offer a reload. */
function NoCatalog() {
  return html`<main class="center">
    <p lang="en">Studio Box could not be loaded. Check the connection to the box, then reload the page.</p>
    <p lang="zh-CN">无法加载 Studio Box。请检查与盒子的连接，然后重新加载页面。</p>
    <p lang="vi">Không tải được Studio Box. Hãy kiểm tra kết nối tới hộp rồi tải lại trang.</p>
    <button type="button" onClick=${() => location.reload()}>Reload · 重新加载 · Tải lại</button>
  </main>`;
}

async function start(root: HTMLElement): Promise<void> {
  // "Studio Box" reads the same in every language: shown while the language is settled.
  render(html`<main class="center" aria-busy="true"><p>Studio Box</p></main>`, root);
  const setup = api<SetupState>('GET', '/api/setup');
  // A failure is App's to show (with its retry button); here it only means "no studio language".
  setup.catch(() => undefined);
  // Who is logged in, asked now rather than after /api/setup's answer (a round trip less before
  // the first page; a 401 is App's to read).
  const me = api<Me>('GET', '/api/auth/me');
  me.catch(() => undefined);
  // The page's own big answer, when it waits on one (early-fetch.ts), asked at the same time.
  startEarly(location.hash);
  const stored = storedLanguage();
  let wanted: Language = 'en';
  if (stored) wanted = stored;
  else {
    // A box not set up yet speaks the browser's language when it can (the wizard); else the studio's.
    const studio = await setup.then(
      (s) => (s.needed ? (browserLanguage() ?? s.defaults.language) : s.login.language),
      () => null,
    );
    if (isLanguage(studio)) wanted = studio;
  }
  let lang: Language;
  try {
    lang = await loadFirstLanguage(wanted);
  } catch {
    render(html`<${NoCatalog} />`, root);
    return;
  }
  setLanguage(lang);
  render(html`<${App} setup=${setup} me=${me} />`, root);
}

void start(document.getElementById('app')!);
