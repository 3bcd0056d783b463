// The SMS per-hour counts (migration 036): backfilled from the outbox written before it, kept
// by the triggers through random sends, state changes, campaign deletions and deletions after
// it, always equal to a count of the raw outbox; and the send counts read through them (whole
// hours from sms_hours, the rest line by line) equal a line-by-line count for random spans
// that need not start or end on an hour, by origin, purpose, campaign and none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCounts, type SendCountKey } from '../../src/campaigns/send-records.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { reportHistory } from '../../src/db/migrations/036-report-history.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const SPAN = 3 * 86_400_000;
const STATES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'cancelled'] as const;
let dir: string;
let db: Db;

const message = fc.record({
  at: fc.nat(SPAN - 1),
  origin: fc.constantFrom('manual', 'reminder', 'campaign', 'automatic'),
  purpose: fc.constantFrom(null, 'birthday', 'pickup'),
  campaign: fc.constantFrom(null, 1, 2),
  state: fc.constantFrom(...STATES),
  parts: fc.integer({ min: 1, max: 4 }),
});
const op = fc.oneof(
  fc.record({ t: fc.constant('send' as const), m: message }),
  fc.record({ t: fc.constant('state' as const), pick: fc.nat(), state: fc.constantFrom(...STATES) }),
  fc.record({ t: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('campaign' as const), id: fc.constantFrom(1, 2) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function send(m: Op extends infer T ? (T extends { m: infer M } ? M : never) : never): void {
  const campaign = m.campaign !== null && db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(m.campaign) ? m.campaign : null;
  const at = new Date(T0 + m.at).toISOString();
  db.prepare(
    `INSERT INTO sms_outbox (to_number, body, encoding, parts_total, state, next_attempt_at, created_at, updated_at, origin, purpose, campaign_id) VALUES ('+84900000000', 'x', 'gsm7', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.parts, m.state, at, at, at, m.origin, m.purpose, campaign);
}

function apply(ops: Op[]): void {
  for (const o of ops) {
    const ids = (db.prepare('SELECT id FROM sms_outbox ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    if (o.t === 'send') send(o.m);
    else if (o.t === 'campaign') db.prepare('DELETE FROM campaigns WHERE id = ?').run(o.id);
    else if (ids.length && o.t === 'state') db.prepare('UPDATE sms_outbox SET state = ? WHERE id = ?').run(o.state, ids[o.pick % ids.length]);
    else if (ids.length && o.t === 'delete') db.prepare('DELETE FROM sms_outbox WHERE id = ?').run(ids[o.pick % ids.length]);
  }
}

const RAW = `SELECT substr(created_at, 1, 13) AS hour, origin, COALESCE(purpose, '') AS purpose, COALESCE(campaign_id, 0) AS campaign_id, COUNT(*) AS messages, SUM(parts_total) AS parts,
  SUM(CASE WHEN state IN ('sent', 'delivered', 'unknown') THEN parts_total ELSE 0 END) AS parts_sent, SUM(state IN ('queued', 'sending')) AS queued, SUM(state = 'sent') AS sent,
  SUM(state = 'delivered') AS delivered, SUM(state = 'failed') AS failed, SUM(state = 'unknown') AS unknown, SUM(state = 'cancelled') AS cancelled
  FROM sms_outbox GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const kept = () => db.prepare('SELECT * FROM sms_hours ORDER BY 1, 2, 3, 4').all();
const raw = () => db.prepare(RAW).all();

const KEY: Record<SendCountKey, string> = { origin: 'origin', purpose: 'COALESCE(purpose, origin)', campaign: 'campaign_id', none: 'NULL' };
function lineByLine(spans: [string, string, string][], by: SendCountKey) {
  return spans.flatMap(([name, s, e]) =>
    (
      db
        .prepare(
          `SELECT ${KEY[by]} AS key, COUNT(*) AS messages, SUM(parts_total) AS parts, SUM(CASE WHEN state IN ('sent', 'delivered', 'unknown') THEN parts_total ELSE 0 END) AS partsSent,
           SUM(state IN ('queued', 'sending')) AS queued, SUM(state = 'sent') AS sent, SUM(state = 'delivered') AS delivered, SUM(state = 'failed') AS failed,
           SUM(state = 'unknown') AS unknown, SUM(state = 'cancelled') AS cancelled
           FROM sms_outbox WHERE created_at >= ? AND created_at < ?${by === 'campaign' ? ' AND campaign_id IS NOT NULL' : ''} GROUP BY key ORDER BY key`,
        )
        .all(s, e) as object[]
    ).map((r) => ({ span: name, ...r })),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-hours-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, migrations.filter((m) => m.version < reportHistory.version));
  const c = db.prepare(`INSERT INTO campaigns (id, name, filter, body, language, state, send_at, created_at, updated_at) VALUES (?, ?, '{}', 'x', 'en', 'done', ?, ?, ?)`);
  for (const id of [1, 2]) c.run(id, `c${id}`, '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
  fc.sample(message, { seed: 33, numRuns: 40 }).forEach(send);
});
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SMS per-hour counts', () => {
  it('are backfilled from the outbox written before the migration', () => {
    migrate(db, migrations);
    expect(raw()).toHaveLength(kept().length);
    expect(kept()).toEqual(raw());
    expect(kept().length).toBeGreaterThan(10);
  });

  it('follow every send, state change, campaign deletion and deletion', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        apply(ops);
        expect(kept()).toEqual(raw());
      }),
      { numRuns: 60 },
    );
  });

  it('give the same counts as the lines for spans off the hour, by every key', () => {
    const edge = fc.nat(SPAN + 3_600_000).map((ms) => new Date(T0 - 1_800_000 + ms).toISOString());
    fc.assert(
      fc.property(fc.array(fc.tuple(edge, edge), { minLength: 1, maxLength: 4 }), fc.constantFrom<SendCountKey>('origin', 'purpose', 'campaign', 'none'), (pairs, by) => {
        const spans = pairs.map(([a, b], i): [string, string, string] => [`s${i}`, a < b ? a : b, a < b ? b : a]);
        expect(sendCounts((t) => db.prepare(t), spans, by)).toEqual(lineByLine(spans, by));
      }),
      { numRuns: 80 },
    );
    // A zone off the hour (+05:30): its midnights are not hours.
    const spans: [string, string, string][] = [['d', '2026-03-01T18:30:00.000Z', '2026-03-02T18:30:00.000Z']];
    expect(sendCounts((t) => db.prepare(t), spans, 'purpose')).toEqual(lineByLine(spans, 'purpose'));
  });
});
