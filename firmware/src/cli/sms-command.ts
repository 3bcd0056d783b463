// `studio-box sms send|list`: the outbox and inbox from a shell on the box. The command writes
// to the same database as the daemon; the daemon's sender notices a queued message within a
// few seconds (it looks at the outbox periodically), as Gammu's SMSD picks up its outbox.
import { join } from 'node:path';
import type { InboxMessage, OutboxMessage, OutboxState } from '../api-types.js';
import { OUTBOX_STATES } from '../api-types.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { CustomerService } from '../crm/customer-service.js';
import { openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { AppError, ValidationError } from '../errors.js';
import { EventHub } from '../events/event-hub.js';
import { createLogger } from '../log.js';
import { SmsService } from '../modem/sms/sms-service.js';
import { SettingsService } from '../settings/settings-service.js';
import { systemClock } from '../util/clock.js';

export interface SmsFlags {
  to?: string | undefined;
  text?: string | undefined;
  state?: string | undefined;
  limit?: string | undefined;
  inbox?: boolean | undefined;
  wait?: boolean | undefined;
  json?: boolean | undefined;
}

const USAGE = `usage:
  studio-box sms send --to NUMBER --text TEXT [--wait]
  studio-box sms list [--inbox] [--state STATE] [--limit N] [--json]
`;

export async function smsCommand(config: Config, args: string[], flags: SmsFlags): Promise<number> {
  const sub = args[0];
  if (sub !== 'send' && sub !== 'list') {
    process.stderr.write(USAGE);
    return 2;
  }
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  try {
    migrate(db, migrations);
    const sms = openSms(db, config);
    return sub === 'send' ? await send(sms, flags) : list(sms, flags);
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(`studio-box: ${err.fields.map((f) => `--${f.path}: ${f.message}`).join('; ')}\n`);
      return 1;
    }
    if (err instanceof AppError) {
      process.stderr.write(`studio-box: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

function openSms(db: Db, config: Config): SmsService {
  const clock = systemClock;
  const log = createLogger('silent');
  const audit = new AuditLog(db, clock);
  const settings = new SettingsService(db, audit, clock);
  const events = new EventHub(clock, log);
  const customers = new CustomerService(db, audit, events, clock, () => settings.country());
  // No modem here: the daemon owns the serial port. This only reads and writes the tables.
  return new SmsService(db, audit, events, customers, () => settings.country(), clock, log, null, config.sms);
}

async function send(sms: SmsService, flags: SmsFlags): Promise<number> {
  if (flags.to === undefined || flags.text === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const msg = sms.send({ to: flags.to, text: flags.text }, null);
  process.stdout.write(`queued SMS ${msg.id} to ${msg.to} (${msg.partsTotal} part${msg.partsTotal > 1 ? 's' : ''}, ${msg.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2'})\n`);
  if (!flags.wait) {
    process.stdout.write('the running box sends it within a few seconds; follow it with `studio-box sms list`\n');
    return 0;
  }
  // --wait: until the daemon has sent it (or given up). Delivery reports can take hours.
  const end = Date.now() + 5 * 60_000;
  for (;;) {
    const m = sms.outbox.get(msg.id);
    if (['sent', 'delivered', 'failed', 'unknown', 'cancelled'].includes(m.state)) {
      process.stdout.write(`${m.state}${m.error ? `: ${m.error}` : ''}\n`);
      return m.state === 'sent' || m.state === 'delivered' ? 0 : 1;
    }
    if (Date.now() > end) {
      process.stderr.write(`still ${m.state} after 5 minutes: is the box running (systemctl status studio-box)?\n`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function list(sms: SmsService, flags: SmsFlags): number {
  const limit = flags.limit !== undefined ? Number(flags.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    process.stderr.write('studio-box: --limit must be a whole number from 1 to 1000\n');
    return 2;
  }
  if (flags.inbox) {
    const page = sms.listInbox({ limit });
    if (flags.json) process.stdout.write(JSON.stringify(page.items, null, 2) + '\n');
    else if (page.items.length === 0) process.stdout.write('No messages.\n');
    else for (const m of page.items) process.stdout.write(inboxLine(m) + '\n');
    return 0;
  }
  let state: OutboxState | undefined;
  if (flags.state !== undefined) {
    if (!(OUTBOX_STATES as readonly string[]).includes(flags.state)) {
      process.stderr.write(`studio-box: --state must be one of ${OUTBOX_STATES.join(', ')}\n`);
      return 2;
    }
    state = flags.state as OutboxState;
  }
  const page = sms.listOutbox({ limit, state });
  if (flags.json) process.stdout.write(JSON.stringify(page.items, null, 2) + '\n');
  else {
    const c = sms.outbox.counts();
    process.stdout.write(`outbox: ${OUTBOX_STATES.map((s) => `${c[s]} ${s}`).join(', ')}\n`);
    for (const m of page.items) process.stdout.write(outboxLine(m) + '\n');
  }
  return 0;
}

const short = (text: string) => {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 50 ? `${one.slice(0, 49)}…` : one;
};

function outboxLine(m: OutboxMessage): string {
  return `${String(m.id).padStart(6)}  ${m.createdAt.slice(0, 19).replace('T', ' ')}Z  ${m.state.padEnd(9)}  ${m.to.padEnd(15)}  ${m.partsTotal}p  ${short(m.body)}${m.error ? `  [${m.error}]` : ''}`;
}

function inboxLine(m: InboxMessage): string {
  const flags = `${m.readAt ? ' ' : '*'}${m.complete ? ' ' : '…'}`;
  return `${String(m.id).padStart(6)}  ${m.receivedAt.slice(0, 19).replace('T', ' ')}Z ${flags} ${m.from.padEnd(15)}  ${m.customer ? `${m.customer.customerNo} ${m.customer.name}: ` : ''}${m.decodeError ? `[undecodable: ${m.decodeError}]` : short(m.body)}`;
}
