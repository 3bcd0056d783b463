// Where the box is on the studio network (H6), on the status page: its NAME.local address, the
// IP addresses for a computer whose mDNS does not work, and — for whoever may change settings,
// on a box that can — its name. Read once when shown and after a rename.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { BOX_NAME_PATTERN, type BoxAddress, type NetworkInfo } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, TextField } from '../fields';

/** The port this page came from, as a URL needs it (none for 80). */
const portPart = () => (location.port && location.port !== '80' ? `:${location.port}` : '');
const hostUrl = (host: string) => `http://${host}${portPart()}/`;
const addressUrl = (a: BoxAddress) => hostUrl(a.family === 'IPv6' ? `[${a.address}]` : a.address);

export function NetworkCard() {
  const me = useApp().me;
  const info = useValue<NetworkInfo | null>(null);
  const failure = useValue<unknown>(null);
  const name = useValue('');
  const renamed = useValue<string | null>(null);
  const sub = useSubmission();
  const latest = useLatestOnly();
  const load = () => latest(api<NetworkInfo>('GET', '/api/system/network'), (n) => (info.set(n), name.set(n.hostname), failure.set(null)), (e) => failure.set(e));
  useEffect(() => void load(), []);

  const rename = async (e: Event) => {
    e.preventDefault();
    renamed.set(null);
    if (!sub.check(BOX_NAME_PATTERN.test(name.value) ? {} : { name: t('network.nameInvalid') })) return;
    await sub.run(async () => {
      const n = await api<NetworkInfo>('PUT', '/api/system/name', { name: name.value });
      info.set(n);
      renamed.set(hostUrl(`${n.hostname}.local`));
    });
  };

  const n = info.value;
  return html`<section class="card status-card state-ok" data-testid="network-card">
    <h2>${t('network.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${n
      ? html`<p>${t('network.openAt')} <a href=${hostUrl(`${n.hostname}.local`)} data-testid="mdns-url">${hostUrl(`${n.hostname}.local`)}</a></p>
          ${n.addresses.length
            ? html`<p class="muted small">${t('network.addresses')}</p>
                <ul class="addresses" data-testid="addresses">
                  ${n.addresses.map((a) => html`<li key=${a.iface + a.address}><a href=${addressUrl(a)}>${addressUrl(a)}</a> <span class="muted small">${a.iface}</span></li>`)}
                </ul>`
            : html`<p class="field-error">${t('network.noAddress')}</p>`}
          ${n.renamable && can(me, 'settings', 'edit')
            ? html`<form onSubmit=${rename} novalidate>
                <${TextField} label=${t('network.name')} value=${name.value} onValue=${(v: string) => name.set(v.trim().toLowerCase())} hint=${t('network.nameHint')} error=${sub.errors.value.name} />
                ${renamed.value ? html`<${Banner} kind="ok">${t('network.renamed', { url: renamed.value })}<//>` : null}
                <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('network.rename')} />
              </form>`
            : null}`
      : failure.value
        ? null
        : html`<p>${t('app.loading')}</p>`}
  </section>`;
}
