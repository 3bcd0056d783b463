// The group sends draining now, on every page for users with the `campaigns` right (S3): one
// compact line per SMS or e-mail send (to go / sent / delivered / failed, and when it should be
// done), linking to its records; nothing when none is running. Read once, on 'hello', and a
// moment after the box says a send moved (those events come every 300 ms while one drains).
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { RunningCampaign } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

const SETTLE_MS = 1000;

export function CampaignStrip() {
  const tz = useApp().me.settings.timeZone;
  const list = useValue<RunningCampaign[]>([]);
  const latest = useLatestOnly();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The strip is extra: a failed look leaves it as it was.
  const load = () => void latest(api<RunningCampaign[]>('GET', '/api/campaigns/running'), list.set);
  const soon = () => void (timer.current ??= setTimeout(() => ((timer.current = null), load()), SETTLE_MS));
  useEffect(() => (load(), () => clearTimeout(timer.current ?? undefined)), []);
  useServerEvents(['hello'], load);
  useServerEvents(['campaign.changed', 'campaign.mail'], soon);
  if (!list.value.length) return null;
  return html`<div class="campaign-strip" role="status">
    ${list.value.map(
      (c) => html`<a key=${c.kind + c.id} href=${c.kind === 'sms' ? `#/campaigns/${c.id}` : `#/campaigns/mail/${c.id}`} data-testid="campaign-strip">
        <progress max=${Math.max(c.total, 1)} value=${c.total - c.queued}></progress>
        ${t(c.kind === 'sms' ? 'campaigns.strip.sms' : 'campaigns.strip.mail', { name: c.name, queued: c.queued, sent: c.sent, delivered: c.delivered ?? 0, failed: c.failed, at: c.finishBy ? formatDateTime(c.finishBy, tz) : '…' })}
      </a>`,
    )}
  </div>`;
}
