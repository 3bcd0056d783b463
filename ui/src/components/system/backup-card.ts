// Database backups (A2) on the status page, for admins: the backups kept, "Back up now", and
// a restore that first shows what the backup holds and asks for a clear confirmation.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, upload, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { BackupContentsInfo, BackupList, BackupUploadInfo } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText, fieldErrors } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner, Checkbox, TextField } from '../fields';

/** What is restored: a backup kept on the box, or a file the admin uploaded. */
export interface RestoreSource {
  /** `/api/backups/<name>` or `/api/backups/uploads/<id>`. */
  base: string;
  /** What the restore's `confirm` repeats: the backup's name or the upload's id. */
  confirm: string;
  encrypted: boolean;
  /** When the backup was taken, if known. */
  at: string | null;
  /** Already checked (an unencrypted upload): shown at once. */
  contents: BackupContentsInfo | null;
}

function RestorePanel(p: { src: RestoreSource; timeZone: string; onDone: () => void }) {
  const contents = useValue<BackupContentsInfo | null>(p.src.contents);
  const failure = useValue<unknown>(null);
  const sure = useValue(false);
  const busy = useValue(false);
  // An encrypted backup is opened with the passphrase the admin types (sent in the body only).
  const passphrase = useValue('');
  const open = () => {
    failure.set(null);
    const ask = p.src.encrypted ? api<BackupContentsInfo>('POST', `${p.src.base}/check`, { passphrase: passphrase.value }) : api<BackupContentsInfo>('GET', p.src.base);
    void ask.then(contents.set, failure.set);
  };
  useEffect(() => {
    if (!p.src.encrypted && !p.src.contents) open();
  }, [p.src.base]);
  const restore = () => {
    busy.set(true);
    const body = p.src.encrypted ? { confirm: p.src.confirm, passphrase: passphrase.value } : { confirm: p.src.confirm };
    void api('POST', `${p.src.base}/restore`, body).then(p.onDone, (e) => (failure.set(e), busy.set(false)));
  };
  const c = contents.value;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, p.timeZone) : t('backup.never'));
  const since = p.src.at ?? c?.lastChangeAt ?? null;
  // A wrong passphrase is said at its field; a damaged backup in the banner.
  const fe = fieldErrors(failure.value);
  return html`<div class="restore-panel" data-testid="restore-panel">
    ${failure.value && !fe.passphrase ? html`<${Banner} kind="error">${fe.backup ?? errorText(failure.value)}<//>` : null}
    ${p.src.encrypted && (!c || fe.passphrase)
      ? html`<${TextField} label=${t('backup.passphrase')} type="password" autoComplete="off" value=${passphrase.value} onValue=${passphrase.set} error=${fe.passphrase} />
          <div class="actions"><button type="button" disabled=${!passphrase.value} onClick=${open}>${t('backup.check')}</button></div>`
      : null}
    ${c
      ? html`<p>${t('backup.holds', { customers: c.customers, orders: c.orders, payment: when(c.lastPaymentAt), change: when(c.lastChangeAt) })}</p>
          <p class="field-error">${t('backup.restoreWarning', { when: since ? formatDateTime(since, p.timeZone) : t('backup.upload.unknownDate') })}</p>
          <${Checkbox} label=${t('backup.restoreConfirm')} checked=${sure.value} onValue=${sure.set} />
          <div class="actions"><button type="button" class="danger" disabled=${!sure.value || busy.value} onClick=${restore}>${t('backup.restoreGo')}</button></div>`
      : failure.value || p.src.encrypted
        ? null
        : html`<p>${t('app.loading')}</p>`}
  </div>`;
}

/**
 * A backup file from elsewhere (the share, a USB stick): uploaded as it is (the browser streams
 * it; the box writes it to disk as it arrives), checked, and restored like a kept one.
 */
function UploadRestore(p: { timeZone: string; onDone: () => void }) {
  const info = useValue<BackupUploadInfo | null>(null);
  const failure = useValue<unknown>(null);
  const busy = useValue(false);
  const choose = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (info.value) void api('DELETE', `/api/backups/uploads/${info.value.id}`).catch(() => undefined);
    info.set(null);
    failure.set(null);
    busy.set(true);
    void upload<BackupUploadInfo>(withQuery('/api/backups/upload', { name: file.name }), file).then(
      (u) => (busy.set(false), info.set(u)),
      (err) => (busy.set(false), failure.set(err)),
    );
  };
  const cancel = () => {
    if (info.value) void api('DELETE', `/api/backups/uploads/${info.value.id}`).catch(() => undefined);
    info.set(null);
  };
  const u = info.value;
  const fe = fieldErrors(failure.value);
  return html`<div class="backup-upload" data-testid="backup-upload">
    <h3>${t('backup.upload.title')}</h3>
    ${failure.value ? html`<${Banner} kind="error">${fe.backup ?? errorText(failure.value)}<//>` : null}
    <div class="field"><label>${t('backup.upload.choose')}<input type="file" accept=".gz,.enc,application/gzip,application/octet-stream" disabled=${busy.value} onChange=${choose} /></label></div>
    ${busy.value ? html`<p>${t('backup.upload.sending')}</p>` : null}
    ${u
      ? html`<p>${t('backup.upload.what', { mb: (u.size / 1e6).toFixed(1), when: u.at ? formatDateTime(u.at, p.timeZone) : t('backup.upload.unknownDate') })}</p>
          <${RestorePanel} key=${u.id} src=${{ base: `/api/backups/uploads/${u.id}`, confirm: u.id, encrypted: u.encrypted, at: u.at, contents: u.contents }} timeZone=${p.timeZone} onDone=${p.onDone} />
          <div class="actions"><button type="button" onClick=${cancel}>${t('backup.upload.cancel')}</button></div>`
      : null}
  </div>`;
}

/** The backup passphrase: set or replace it, or stop encrypting; it is never shown. */
function EncryptionPanel(p: { set: boolean; onChanged: () => void }) {
  const value = useValue('');
  const failure = useValue<unknown>(null);
  const saved = useValue(false);
  const save = (passphrase: string | null) => {
    failure.set(null);
    saved.set(false);
    void api('PUT', '/api/backups/passphrase', { passphrase }).then(
      () => (value.set(''), saved.set(true), p.onChanged()),
      failure.set,
    );
  };
  return html`<div class="backup-crypto" data-testid="backup-crypto">
    <h3>${t('backup.crypto.title')}</h3>
    <p class=${p.set ? 'muted small' : 'field-error'}>${t(p.set ? 'backup.crypto.on' : 'backup.crypto.off')}</p>
    ${failure.value && !fieldErrors(failure.value).passphrase ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${saved.value ? html`<${Banner} kind="ok">${t('backup.crypto.saved')}<//>` : null}
    <${TextField} label=${t('backup.crypto.passphrase')} type="password" autoComplete="new-password" value=${value.value} onValue=${value.set} error=${fieldErrors(failure.value).passphrase} />
    <div class="actions">
      <button type="button" disabled=${!value.value} onClick=${() => save(value.value)}>${t('backup.crypto.set')}</button>
      ${p.set ? html`<button type="button" onClick=${() => save(null)}>${t('backup.crypto.turnOff')}</button>` : null}
    </div>
  </div>`;
}

export function BackupCard() {
  const tz = useApp().me.settings.timeZone;
  const list = useValue<BackupList | null>(null);
  const failure = useValue<unknown>(null);
  const busy = useValue(false);
  const open = useValue<string | null>(null);
  const restarting = useValue(false);
  const latest = useLatestOnly();
  const load = () => latest(api<BackupList>('GET', '/api/backups'), (l) => (list.set(l), failure.set(null)), (e) => failure.set(e));
  useEffect(() => void load(), []);
  useServerEvents(['hello'], () => {
    // After a restore the event stream greets again once the box is back: show the restored box.
    if (restarting.value) location.reload();
    else void load();
  });
  const now = () => {
    busy.set(true);
    void api('POST', '/api/backups').then(
      () => (busy.set(false), void load()),
      (e) => (busy.set(false), failure.set(e)),
    );
  };
  const l = list.value;
  const last = l?.last ?? null;
  return html`<section class="card status-card" data-testid="backup-card">
    <h2>${t('backup.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${restarting.value ? html`<${Banner} kind="info">${t('backup.restarting')}<//>` : null}
    ${l
      ? html`${last
            ? html`<p class=${last.problems.length ? 'field-error' : 'muted small'}>
                ${t('backup.last', { name: last.name, disk: t(`backup.place.${last.backupDisk}`), share: t(`backup.place.${last.share}`) })}
              </p>`
            : null}
          ${l.nextScheduledAt ? html`<p class="muted small">${t('backup.next', { when: formatDateTime(l.nextScheduledAt, tz) })}</p>` : null}
          ${l.items.length
            ? html`<ul class="backup-list">
                ${l.items.slice(0, 30).map(
                  (b) => html`<li key=${b.name}>
                    ${formatDateTime(b.at, tz)} · ${t('backup.size', { mb: (b.size / 1e6).toFixed(1) })}${b.onBackupDisk ? html` · <span class="muted">${t('backup.onDisk')}</span>` : null}${b.encrypted ? html` · <span class="muted">${t('backup.encryptedTag')}</span>` : null}
                    <button type="button" onClick=${() => open.set(open.value === b.name ? null : b.name)}>${t('backup.restore')}</button>
                    ${open.value === b.name
                      ? html`<${RestorePanel} src=${{ base: `/api/backups/${encodeURIComponent(b.name)}`, confirm: b.name, encrypted: b.encrypted, at: b.at, contents: null }} timeZone=${tz} onDone=${() => restarting.set(true)} />`
                      : null}
                  </li>`,
                )}
              </ul>`
            : html`<p class="muted">${t('backup.none')}</p>`}`
      : html`<p>${t('app.loading')}</p>`}
    <div class="actions"><button type="button" disabled=${busy.value} onClick=${now}>${busy.value ? t('backup.running') : t('backup.now')}</button></div>
    ${l ? html`<${UploadRestore} timeZone=${tz} onDone=${() => restarting.set(true)} />` : null}
    ${l ? html`<${EncryptionPanel} set=${l.passphraseSet} onChanged=${() => void load()} />` : null}
  </section>`;
}
