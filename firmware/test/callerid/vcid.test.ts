import { describe, expect, it } from 'vitest';
import { parseVcidLine, VcidAccumulator, type CallerIdResult } from '../../src/callerid/index.js';

const ok = (r: CallerIdResult | null) => {
  if (!r) throw new Error('expected a result, got null');
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};

/** Feeds lines, collecting what the accumulator emits (and a final flush). */
function run(lines: string[], flush = true): CallerIdResult[] {
  const acc = new VcidAccumulator();
  const out: CallerIdResult[] = [];
  for (const line of lines) {
    const r = acc.push(line);
    if (r) out.push(r);
  }
  const last = flush ? acc.flush() : null;
  if (last) out.push(last);
  return out;
}

describe('formatted caller-ID lines', () => {
  it('reads each tag with or without spaces around =', () => {
    expect(parseVcidLine('DATE = 0321')).toMatchObject({ tag: 'DATE', value: '0321' });
    expect(parseVcidLine('TIME=1405')).toMatchObject({ tag: 'TIME', value: '1405' });
    expect(parseVcidLine('NMBR= 5551234 ')).toMatchObject({ tag: 'NMBR', value: '5551234' });
    expect(parseVcidLine('  NAME =JOHN DOE\r')).toMatchObject({ tag: 'NAME', value: 'JOHN DOE' });
    expect(parseVcidLine('MESG = 030132')).toMatchObject({ tag: 'MESG', value: '030132' });
    expect(parseVcidLine('DDN_NMBR= 5551234')).toMatchObject({ tag: 'NMBR', value: '5551234' });
    expect(parseVcidLine('NMBR =')).toMatchObject({ tag: 'NMBR', value: '' });
  });

  it('ignores everything else', () => {
    for (const line of ['RING', 'OK', '', 'NUMBER = 1', 'nmbr = 1', 'NMBR 5551234', '+CLIP: "1",129', 'DATE: 0321']) {
      expect(parseVcidLine(line), line).toBeNull();
    }
  });
});

describe('VcidAccumulator', () => {
  it('emits one record when RING follows the block', () => {
    const acc = new VcidAccumulator();
    expect(acc.push('RING')).toBeNull(); // unrelated line with no block open
    expect(acc.push('')).toBeNull();
    for (const line of ['DATE = 0321', '', 'TIME = 1405', 'NMBR = 5551234', 'NAME = JOHN DOE']) {
      expect(acc.push(line)).toBeNull();
    }
    expect(acc.pending).toBe(true);
    const v = ok(acc.push('RING'));
    expect(v).toMatchObject({
      source: 'vcid',
      number: '5551234',
      absence: null,
      name: 'JOHN DOE',
      nameAbsence: null,
      dateTime: { month: 3, day: 21, hour: 14, minute: 5 },
    });
    expect(v.raw).toBe('DATE = 0321\nTIME = 1405\nNMBR = 5551234\nNAME = JOHN DOE');
    expect(v.warnings).toEqual([]);
    expect(acc.pending).toBe(false);
    expect(acc.push('RING')).toBeNull();
    expect(acc.flush()).toBeNull();
  });

  it('emits on explicit flush when the line goes quiet', () => {
    const [r, ...more] = run(['DATE=0101', 'TIME=0000', 'NMBR=13812345678']);
    expect(more).toEqual([]);
    expect(ok(r ?? null)).toMatchObject({ number: '13812345678', dateTime: { month: 1, day: 1, hour: 0, minute: 0 } });
  });

  it('reads O as out of area and P as private, for number and name', () => {
    expect(ok(run(['NMBR = O'])[0] ?? null)).toMatchObject({ number: null, absence: 'unavailable' });
    expect(ok(run(['NMBR = P', 'NAME = P'])[0] ?? null)).toMatchObject({ number: null, absence: 'private', name: null, nameAbsence: 'private' });
    expect(ok(run(['NMBR = 5551234', 'NAME = O'])[0] ?? null)).toMatchObject({ number: '5551234', nameAbsence: 'unavailable' });
  });

  it('starts a new block when a tag repeats, so back-to-back calls are not merged', () => {
    const results = run(['DATE = 0321', 'TIME = 1405', 'NMBR = 5551234', 'DATE = 0321', 'TIME = 1406', 'NMBR = 5559999'], false);
    expect(results).toHaveLength(1);
    expect(ok(results[0] ?? null).number).toBe('5551234');
    const both = run(['NMBR = 5551234', 'NMBR = 5559999']);
    expect(both.map((r) => ok(r).number)).toEqual(['5551234', '5559999']);
  });

  it('keeps MESG lines (repeatable) as extras', () => {
    const v = ok(run(['NMBR = 5551234', 'MESG = 030132', 'MESG = 0B0101'])[0] ?? null);
    expect(v.extras).toEqual([
      { tag: 'MESG', value: '030132' },
      { tag: 'MESG', value: '0B0101' },
    ]);
  });

  it('normalises number separators and warns about numbers it cannot read', () => {
    expect(ok(run(['NMBR = 555-1234'])[0] ?? null).number).toBe('5551234');
    const bad = ok(run(['NMBR = UNKNOWN', 'NAME = JOHN'])[0] ?? null);
    expect(bad).toMatchObject({ number: null, absence: 'unknown', name: 'JOHN' });
    expect(bad.warnings.join()).toMatch(/not a phone number/);
    const empty = ok(run(['NMBR =', 'NAME = JOHN'])[0] ?? null);
    expect(empty).toMatchObject({ number: null, absence: 'unknown' });
  });

  it('keeps the number when the date or time is missing or out of range, with a warning', () => {
    for (const lines of [['DATE = 1321', 'TIME = 1405'], ['DATE = 0321', 'TIME = 2460'], ['DATE = 0321'], ['TIME = 1405'], ['DATE = 03/21', 'TIME = 1405']]) {
      const v = ok(run([...lines, 'NMBR = 5551234'])[0] ?? null);
      expect(v.dateTime, lines.join()).toBeNull();
      expect(v.number).toBe('5551234');
      expect(v.warnings.join()).toMatch(/date-time/);
    }
  });

  it('reports a block that ended without NMBR as incomplete', () => {
    const [r] = run(['DATE = 0321', 'TIME = 1405', 'RING']);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.code).toBe('incomplete');
      expect(r.error.message).toMatch(/DATE, TIME but no NMBR/);
    }
  });

  it('never throws on arbitrary lines', () => {
    const acc = new VcidAccumulator();
    for (const line of ['\u0000', 'NMBR = \uFFFF', '='.repeat(1000), 'NAME = ' + 'x'.repeat(10_000), 'TIME = 99999999']) {
      expect(() => acc.push(line)).not.toThrow();
    }
    expect(() => acc.flush()).not.toThrow();
  });
});
