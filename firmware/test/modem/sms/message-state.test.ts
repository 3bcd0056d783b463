// A message's state from its parts (issue 13.1): the pure rule, exhaustively, and the outbox
// store driven through every order in which a long message's answers and reports can arrive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxPart, OutboxState } from '../../../src/api-types.js';
import { AuditLog } from '../../../src/audit/audit-log.js';
import { openDatabase, type Db } from '../../../src/db/connection.js';
import { migrate } from '../../../src/db/migrate.js';
import { migrations } from '../../../src/db/migrations/index.js';
import { deriveMessageState, FINAL_STATES, type PartFacts } from '../../../src/modem/sms/message-state.js';
import { OutboxStore } from '../../../src/modem/sms/outbox-store.js';

const PART_STATES: OutboxPart['state'][] = ['pending', 'sending', 'sent', 'delivered', 'failed', 'unknown'];
const STORED: OutboxState[] = ['queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'cancelled'];

function* combos(n: number): Generator<OutboxPart['state'][]> {
  if (n === 0) {
    yield [];
    return;
  }
  for (const rest of combos(n - 1)) for (const s of PART_STATES) yield [...rest, s];
}

const facts = (states: OutboxPart['state'][]): PartFacts[] =>
  states.map((state, i) => ({ seq: i + 1, state, reportStatus: state === 'failed' && i % 2 === 0 ? 0x46 : null, reportText: state === 'failed' && i % 2 === 0 ? 'validity period expired' : null }));

describe('deriveMessageState, every combination of up to 4 parts and every stored state', () => {
  const cases: { states: OutboxPart['state'][]; stored: OutboxState }[] = [];
  for (let n = 1; n <= 4; n++) for (const states of combos(n)) for (const stored of STORED) cases.push({ states, stored });

  it(`holds its rules in all ${cases.length} cases`, () => {
    for (const { states, stored } of cases) {
      const m = { state: stored, error: stored === 'failed' ? '+CMS ERROR: 21' : null, errorCode: null, parts: facts(states) };
      const d = deriveMessageState(m);
      const ctx = `${states.join(',')} stored ${stored} → ${d.state} (${d.error})`;
      if (stored === 'cancelled') {
        expect(d.state, ctx).toBe('cancelled');
        continue;
      }
      const busy = states.some((s) => s === 'pending' || s === 'sending');
      // Never stuck: with nothing left to send or in flight, the state is final.
      if (!busy) expect(FINAL_STATES, ctx).toContain(d.state);
      // `sending` only while a part is in the modem's hands or the sender is between parts.
      if (d.state === 'sending') expect(states.includes('sending') || (stored === 'sending' && states.includes('pending')), ctx).toBe(true);
      if (d.state === 'queued') expect(states.includes('pending') && !states.includes('sending'), ctx).toBe(true);
      // Any failed part (nothing in flight) fails the message, with a reason naming it when a report said so.
      if (states.includes('failed') && !states.includes('sending')) {
        expect(d.state, ctx).toBe('failed');
        expect(d.error, ctx).toBeTruthy();
        const first = states.indexOf('failed');
        if (first % 2 === 0 && states.length > 1) expect(d.error, ctx).toMatch(new RegExp(`^part ${first + 1} of ${states.length} not delivered: validity period expired`));
        if (first % 2 === 0 && states.some((s) => s === 'delivered')) expect(d.error, ctx).toMatch(/\(delivered: parts? [\d, ]+\)$/);
      }
      if (d.state === 'delivered') expect(states.every((s) => s === 'delivered'), ctx).toBe(true);
      if (d.state === 'sent') expect(states.every((s) => s === 'sent' || s === 'delivered'), ctx).toBe(true);
      if (d.state === 'unknown') expect(states.includes('unknown') && !states.includes('failed'), ctx).toBe(true);
      // Settled: deriving again from the result changes nothing.
      expect(deriveMessageState({ ...m, ...d }), ctx).toEqual(d);
    }
  });

  it('names a refused part of a long message by the modem’s words', () => {
    const d = deriveMessageState({ state: 'sending', error: 'part 2 of 3: +CMS ERROR: 21', errorCode: 21, parts: facts(['delivered', 'failed', 'pending']).map((p) => ({ ...p, reportText: null, reportStatus: null })) });
    expect(d).toEqual({ state: 'failed', error: 'part 2 of 3: +CMS ERROR: 21', errorCode: 21 });
  });
});

describe('the outbox store, every order of +CMGS answers and reports of a 3-part message', () => {
  let dir: string;
  let db: Db;
  let store: OutboxStore;
  const clock = () => new Date();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-msgstate-'));
    db = openDatabase(join(dir, 'box.db'));
    db.pragma('synchronous = OFF');
    migrate(db, migrations);
    store = new OutboxStore(db, new AuditLog(db, clock), clock);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Ev = { kind: 'answer'; seq: number } | { kind: 'report'; seq: number; ok: boolean };
  /** Orders of events in which a part's report never comes before its own answer. */
  function orders(reports: boolean[]): Ev[][] {
    const events: Ev[] = [];
    for (let seq = 1; seq <= 3; seq++) events.push({ kind: 'answer', seq }, { kind: 'report', seq, ok: reports[seq - 1]! });
    const out: Ev[][] = [];
    const walk = (done: Ev[], left: Ev[]): void => {
      if (!left.length) out.push(done);
      for (const [i, e] of left.entries()) {
        // Answers come in order (one part at a time); a report after its own part's answer.
        if (e.kind === 'answer' && done.filter((d) => d.kind === 'answer').length !== e.seq - 1) continue;
        if (e.kind === 'report' && !done.some((d) => d.kind === 'answer' && d.seq === e.seq)) continue;
        walk([...done, e], [...left.slice(0, i), ...left.slice(i + 1)]);
      }
    };
    walk([], events);
    return out;
  }

  for (const reports of [[true, true, true], [false, true, true], [true, false, true], [true, true, false], [false, false, true]]) {
    it(`reports ${reports.map((r) => (r ? 'delivered' : 'failed')).join('/')}: the same end state in every order`, () => {
      const ends = new Set<string>();
      const all = orders(reports);
      for (const order of all) {
        const msg = store.enqueue({ to: '+8613812345678', body: 'x'.repeat(400) }, null);
        expect(msg.partsTotal).toBe(3);
        let mr = (msg.id * 3) % 250;
        const mrs = new Map<number, number>();
        let stopped = false;
        for (const e of order) {
          if (e.kind === 'answer') {
            // The sender goes on only while the message is still its own (a failed report may have ended it).
            if (stopped || !store.markSending(msg.id, e.seq, e.seq === 1)) {
              stopped = true;
              continue;
            }
            mrs.set(e.seq, mr);
            store.markSent(msg.id, e.seq, mr++);
          } else if (mrs.has(e.seq)) {
            store.applyReport(mrs.get(e.seq)!, e.ok ? 'delivered' : 'failed', e.ok ? 0 : 0x46, e.ok ? 'delivered' : 'validity period expired');
          }
        }
        const end = store.get(msg.id);
        expect(FINAL_STATES, JSON.stringify(order)).toContain(end.state);
        ends.add(end.state);
        if (reports.every(Boolean)) expect(end.state).toBe('delivered');
        else {
          expect(end.state).toBe('failed');
          expect(end.error).toMatch(new RegExp(`^part ${reports.indexOf(false) + 1} of 3 not delivered: validity period expired`));
        }
      }
      expect(ends.size).toBe(1);
      expect(all.length).toBeGreaterThan(10);
    });
  }

  it('a message stranded in `sending` by an older version is settled at start-up', () => {
    const msg = store.enqueue({ to: '+8613812345678', body: 'y'.repeat(400) }, null);
    for (const seq of [1, 2, 3]) {
      store.markSending(msg.id, seq, seq === 1);
      store.markSent(msg.id, seq, 200 + seq);
    }
    // What the old code left: parts failed / delivered / delivered, message `sending`.
    db.prepare(`UPDATE sms_outbox_parts SET state = CASE seq WHEN 1 THEN 'failed' ELSE 'delivered' END, report_text = CASE seq WHEN 1 THEN 'validity period expired' ELSE 'delivered' END WHERE outbox_id = ?`).run(msg.id);
    db.prepare(`UPDATE sms_outbox SET state = 'sending' WHERE id = ?`).run(msg.id);
    const r = store.recoverAfterRestart();
    expect(r.requeued).not.toContain(msg.id);
    expect(store.get(msg.id)).toMatchObject({ state: 'failed', error: 'part 1 of 3 not delivered: validity period expired (delivered: parts 2, 3)' });
  });
});
