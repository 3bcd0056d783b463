// The group e-mail sender (S6): one recipient at a time, at most `perMinute` a minute, oldest
// first. Each recipient is marked "sending" (committed) before the server is asked, so that a
// restart never sends it twice: a "sending" found at start becomes "unknown". A server that
// cannot be reached (no settings, DNS, connection refused, TLS, login) before the message went
// puts the recipient back in the queue and the sender waits `retrySeconds`; a server that
// refuses the recipient or the message fails that recipient with the reason and goes on.
import type { MailCampaign, MailFailure } from '../api-types.js';
import type { Db } from '../db/connection.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import { isoNow, type Clock } from '../util/clock.js';
import type { MailService } from './mail-service.js';

/** Failures of the server as a whole, before it took anything of the message: try again later. */
const SERVER_DOWN: readonly MailFailure[] = ['not_configured', 'dns', 'connect', 'timeout', 'tls', 'auth'];
/** Steps after which the server may have the message: a failure there is "unknown", never resent. */
const MESSAGE_SENT = /^(DATA|\.|MESSAGE)$/i;

export interface MailSenderOptions {
  db: Db;
  mail: Pick<MailService, 'send'>;
  events: EventHub;
  clock: Clock;
  log: Logger;
  perMinute: number;
  retrySeconds: number;
}

interface Next {
  id: number;
  campaign_id: number;
  email: string;
  subject: string;
  body: string;
}

export class MailSender {
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private lastSendAt = 0;
  private waitingFor: MailCampaign['waiting'] = null;

  constructor(private readonly o: MailSenderOptions) {}

  /** Recipients a stop left "sending" become "unknown" (never resent); then the queue drains. */
  start(): void {
    const n = this.o.db
      .prepare(`UPDATE mail_recipients SET state = 'unknown', reason = 'interrupted', detail = 'the box stopped while this e-mail was being sent; it may or may not have gone' WHERE state = 'sending'`)
      .run().changes;
    if (n) this.o.log.warn({ recipients: n }, 'group e-mails cut by a stop marked unknown (not sent again)');
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  /** Why the queue waits, or null. */
  waiting(): MailCampaign['waiting'] {
    return this.waitingFor;
  }

  /** New work (or a retry now): drains the queue unless it is already draining. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.o.log.error({ err }, 'group e-mail sender failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped && !this.timer) {
          this.again = false;
          this.kick();
        }
      });
  }

  private next(): Next | undefined {
    return this.o.db
      .prepare(`SELECT r.id, r.campaign_id, r.email, r.subject, r.body FROM mail_recipients r JOIN mail_campaigns m ON m.id = r.campaign_id WHERE r.state = 'queued' AND m.state = 'sending' ORDER BY r.id LIMIT 1`)
      .get() as Next | undefined;
  }

  private async drain(): Promise<void> {
    const gap = 60_000 / this.o.perMinute;
    while (!this.stopped) {
      this.again = false;
      const r = this.next();
      if (!r) {
        this.finishCampaigns();
        return;
      }
      const wait = this.lastSendAt + gap - Date.now();
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      // Marked before the server is asked, and committed: a stop after this never resends it.
      const took = this.o.db.prepare(`UPDATE mail_recipients SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued'`).run(r.id).changes;
      if (!took) continue;
      this.lastSendAt = Date.now();
      const res = await this.o.mail.send(r.email, r.subject, r.body);
      if (res.ok) {
        this.waitingFor = null;
        this.o.db.prepare(`UPDATE mail_recipients SET state = 'sent', reason = NULL, detail = ?, sent_at = ? WHERE id = ?`).run(res.response.slice(0, 500), isoNow(this.o.clock), r.id);
      } else if (SERVER_DOWN.includes(res.reason) && !MESSAGE_SENT.test(res.command ?? '')) {
        this.o.db.prepare(`UPDATE mail_recipients SET state = 'queued', reason = ?, detail = ? WHERE id = ?`).run(res.reason, res.detail.slice(0, 500), r.id);
        const until = new Date(this.o.clock().getTime() + this.o.retrySeconds * 1000).toISOString();
        this.waitingFor = { reason: res.reason, detail: res.detail.slice(0, 500), until };
        this.o.log.warn({ reason: res.reason, detail: res.detail, retrySeconds: this.o.retrySeconds }, 'e-mail server not reachable; group e-mails wait');
        this.o.events.publish('campaign.mail', { id: r.campaign_id });
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, this.o.retrySeconds * 1000);
        this.timer.unref();
        return;
      } else {
        const state = SERVER_DOWN.includes(res.reason) ? 'unknown' : 'failed';
        this.o.db.prepare(`UPDATE mail_recipients SET state = ?, reason = ?, detail = ? WHERE id = ?`).run(state, res.reason, res.detail.slice(0, 500), r.id);
      }
      this.o.events.publish('campaign.mail', { id: r.campaign_id });
    }
  }

  /** Campaigns with nothing left queued or sending are done. */
  private finishCampaigns(): void {
    const done = this.o.db
      .prepare(
        `UPDATE mail_campaigns SET state = 'done', finished_at = ? WHERE state = 'sending'
         AND NOT EXISTS (SELECT 1 FROM mail_recipients r WHERE r.campaign_id = mail_campaigns.id AND r.state IN ('queued', 'sending')) RETURNING id`,
      )
      .all(isoNow(this.o.clock)) as { id: number }[];
    for (const c of done) this.o.events.publish('campaign.mail', { id: c.id, done: true });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }
}
