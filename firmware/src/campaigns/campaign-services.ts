// The group SMS parts built together (composition root helper): segments, settings, the
// campaign service and its runner; campaign progress pushed to the screens.
import type { AuditLog } from '../audit/audit-log.js';
import type { CareServices } from '../care/care-services.js';
import type { Db } from '../db/connection.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import type { SmsService } from '../modem/sms/sms-service.js';
import type { Clock } from '../util/clock.js';
import { CampaignRunner } from './campaign-runner.js';
import { CampaignService } from './campaign-service.js';
import { CampaignSettingsStore } from './campaign-settings.js';
import { SegmentStore } from './segment-store.js';

export interface CampaignServices {
  segments: SegmentStore;
  settings: CampaignSettingsStore;
  campaigns: CampaignService;
  runner: CampaignRunner;
  /** The box's clock (the records' days). */
  now(): Date;
}

export interface CampaignServicesDeps {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  clock: Clock;
  log: Logger;
  sms: SmsService;
  care: CareServices;
  studio(): { timeZone: string; currency: string; studioName: string | null };
  perMinute: number;
  tickMs?: number;
}

/** `campaign.changed` {id}: at most every 300 ms per campaign while its messages go out. */
const PUSH_MS = 300;

export function createCampaignServices(d: CampaignServicesDeps): CampaignServices {
  const segments = new SegmentStore(d.db, d.audit, d.clock);
  const settings = new CampaignSettingsStore(d.db, d.audit, d.clock);
  const dirty = new Set<number>();
  let pushTimer: NodeJS.Timeout | null = null;
  const changed = (id: number) => {
    dirty.add(id);
    pushTimer ??= setTimeout(() => {
      pushTimer = null;
      for (const x of dirty) d.events.publish('campaign.changed', { id: x });
      dirty.clear();
    }, PUSH_MS);
    pushTimer.unref?.();
  };
  const campaigns = new CampaignService({
    db: d.db, audit: d.audit, clock: d.clock, log: d.log, outbox: d.sms.outbox, onQueued: (m) => d.sms.queued(m), changed,
    segments, templates: d.care.templates, care: () => d.care.settings.get(), settings, valuesFor: (id) => d.care.valuesFor(id),
    studio: d.studio, perMinute: d.perMinute,
  });
  const runner = new CampaignRunner(campaigns, d.log, d.tickMs);
  const campaignOf = d.db.prepare('SELECT campaign_id AS c FROM sms_outbox WHERE id = ?');
  d.events.subscribe((e) => {
    if (e.type !== 'sms.outbox') return;
    runner.wake();
    const id = (e.data as { id?: unknown } | null)?.id;
    if (typeof id !== 'number') return;
    const row = campaignOf.get(id) as { c: number | null } | undefined;
    if (row?.c != null) changed(row.c);
  });
  return { segments, settings, campaigns, runner, now: () => d.clock() };
}
