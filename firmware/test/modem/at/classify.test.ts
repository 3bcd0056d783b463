import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineClassifier, parseFinal, type Classified, type CommandContext, type Expect } from '../../../src/modem/at/classify.js';
import { isPduLine, listingLength, pduFits } from '../../../src/modem/at/pdu-line.js';
import { parseUrc, splitParams, type Urc } from '../../../src/modem/at/urc.js';

const ctx = (command: string, expect: Expect = { kind: 'final' }, extra: Partial<CommandContext> = {}): CommandContext => ({
  command,
  expect,
  dial: false,
  payload: null,
  ...extra,
});

/**
 * A PDU line with a TPDU of `length` octets whose first octet says message type `mti` (0
 * deliver, 2 status report), led by an SMSC field: none, empty (`00`, as a SIM800 lists them)
 * or a full address. `fill` tells lines of the same shape apart.
 */
function pdu(length: number, mti: 0 | 1 | 2, smsc: 'none' | 'empty' | 'full' = 'empty', fill = 0x5a): string {
  const sca = smsc === 'none' ? '' : smsc === 'empty' ? '00' : '0891683108100005F0';
  const tpdu = [0x04 | mti, ...Array.from({ length: length - 1 }, (_, i) => (fill + i) & 0xff)];
  return sca + tpdu.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

describe('parseFinal', () => {
  it.each([
    ['OK', { kind: 'ok' }],
    ['ERROR', { kind: 'error', type: 'ERROR', code: null, text: 'ERROR' }],
    ['+CME ERROR: 10', { kind: 'error', type: 'CME', code: 10, text: '+CME ERROR: 10' }],
    ['+CMS ERROR: 38', { kind: 'error', type: 'CMS', code: 38, text: '+CMS ERROR: 38' }],
    ['+CMS ERROR: 500', { kind: 'error', type: 'CMS', code: 500, text: '+CMS ERROR: 500' }],
    ['+CME ERROR: SIM not inserted', { kind: 'error', type: 'CME', code: null, text: '+CME ERROR: SIM not inserted' }],
  ])('%s', (line, expected) => {
    expect(parseFinal(line)).toEqual(expected);
  });

  it.each(['OK ', ' OK', 'ok', 'OKAY', 'NOT OK', 'ERRORS', 'CME ERROR: 3', '+CMGS: 1', '', 'OK\x1a'])('%j is not final', (line) => {
    expect(parseFinal(line)).toBeNull();
  });
});

describe('parseUrc', () => {
  it.each([
    ['+CMTI: "SM",3', { type: 'cmti', storage: 'SM', index: 3 }],
    ['+CMTI: "ME",12', { type: 'cmti', storage: 'ME', index: 12 }],
    ['+CDSI: "SM",1', { type: 'cdsi', storage: 'SM', index: 1 }],
    ['RING', { type: 'ring' }],
    ['+CLIP: "+8613912345678",145,"",0,"",0', { type: 'clip', number: '+8613912345678', numberType: 145, raw: '+CLIP: "+8613912345678",145,"",0,"",0' }],
    ['+CLIP: "",128', { type: 'clip', number: '', numberType: 128, raw: '+CLIP: "",128' }],
    ['+CREG: 5', { type: 'creg', which: 'CREG', stat: 5, lac: null, ci: null }],
    ['+CREG: 1,"1A2B","00C3"', { type: 'creg', which: 'CREG', stat: 1, lac: '1A2B', ci: '00C3' }],
    ['+CGREG: 3', { type: 'creg', which: 'CGREG', stat: 3, lac: null, ci: null }],
    ['+CPIN: NOT READY', { type: 'cpin', state: 'NOT READY' }],
    ['+CPIN: READY', { type: 'cpin', state: 'READY' }],
    ['NO CARRIER', { type: 'call-ended', reason: 'NO CARRIER' }],
    ['BUSY', { type: 'call-ended', reason: 'BUSY' }],
    ['UNDER-VOLTAGE WARNNING', { type: 'power', kind: 'under-voltage-warning', raw: 'UNDER-VOLTAGE WARNNING' }],
    ['OVER-VOLTAGE WARNNING', { type: 'power', kind: 'over-voltage-warning', raw: 'OVER-VOLTAGE WARNNING' }],
    ['UNDER-VOLTAGE POWER DOWN', { type: 'power', kind: 'under-voltage-power-down', raw: 'UNDER-VOLTAGE POWER DOWN' }],
    ['NORMAL POWER DOWN', { type: 'power', kind: 'normal-power-down', raw: 'NORMAL POWER DOWN' }],
    ['SMS Ready', { type: 'ready', what: 'SMS Ready' }],
    ['Call Ready', { type: 'ready', what: 'Call Ready' }],
    ['RDY', { type: 'ready', what: 'RDY' }],
    ['SMS DONE', { type: 'ready', what: 'SMS DONE' }],
    ['PB DONE', { type: 'ready', what: 'PB DONE' }],
  ])('%s', (line, urc) => {
    expect(parseUrc(line)).toEqual({ kind: 'urc', urc });
  });

  it('recognises the headers whose PDU follows on the next line', () => {
    expect(parseUrc('+CMT: ,24')).toEqual({ kind: 'header', header: { type: 'cmt', alpha: null, length: 24 } });
    expect(parseUrc('+CMT: "Alice",24')).toEqual({ kind: 'header', header: { type: 'cmt', alpha: 'Alice', length: 24 } });
    expect(parseUrc('+CDS: 25')).toEqual({ kind: 'header', header: { type: 'cds', length: 25 } });
  });

  it.each(['RINGING', 'ring', 'UNDER-VOLTAGE WARNING', '+CMTI: "SM"', '+CMTI: "SM",x', '+CREG: 0,1', '+CMT: x', '+FOO: 1', 'garbage', '\x00\xff', '+CLIP: 123', '+CLIP: "+86139', '+CMTI: "SM'])(
    '%j is not a known URC',
    (line) => {
      expect(parseUrc(line)).toEqual({ kind: 'none' });
    },
  );

  it('splits quoted parameters', () => {
    expect(splitParams('"a,b",1,"",x')).toEqual(['a,b', '1', '', 'x']);
  });
});

describe('LineClassifier', () => {
  it('classifies each line of a command once', () => {
    const c = new LineClassifier();
    const csq = ctx('AT+CSQ', { kind: 'prefix', prefixes: ['+CSQ:'] });
    expect(c.classify('AT+CSQ', csq)).toEqual({ class: 'echo' });
    expect(c.classify('+CSQ: 20,0', csq)).toEqual({ class: 'response', line: '+CSQ: 20,0' });
    expect(c.classify('RING', csq)).toEqual({ class: 'urc', urc: { type: 'ring' } });
    expect(c.classify('+FOO: 1', csq)).toEqual({ class: 'unknown', line: '+FOO: 1' });
    expect(c.classify('OK', csq)).toEqual({ class: 'final', result: { kind: 'ok' } });
  });

  it('a final result with no command in flight is unknown, not a crash', () => {
    const c = new LineClassifier();
    expect(c.classify('OK', null)).toEqual({ class: 'unknown', line: 'OK' });
    expect(c.classify('+CMS ERROR: 38', null)).toEqual({ class: 'unknown', line: '+CMS ERROR: 38' });
  });

  it('in PDU mode an OK after a +CMGL header is the final result: that entry never got its PDU', () => {
    const c = new LineClassifier();
    const cmgl = ctx('AT+CMGL=4', { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true });
    expect(c.classify('+CMGL: 1,1,,3', cmgl).class).toBe('response');
    expect(c.classify(pdu(3, 0), cmgl)).toEqual({ class: 'response', line: pdu(3, 0) });
    expect(c.classify('+CMGL: 2,1,,3', cmgl).class).toBe('response');
    expect(c.classify('OK', cmgl)).toEqual({ class: 'final', result: { kind: 'ok' }, abandoned: ['+CMGL: 2,1,,3'] });
    expect(c.waiting).toBe(0);
  });

  it('+CMT and +CDS take the next PDU line as theirs, also in the middle of a response', () => {
    const c = new LineClassifier();
    const cmgl = ctx('AT+CMGL=4', { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true });
    expect(c.classify('+CMT: ,3', cmgl)).toEqual({ class: 'urc-header', header: { type: 'cmt', alpha: null, length: 3 } });
    expect(c.classify(pdu(3, 0), cmgl)).toEqual({ class: 'urc', urc: { type: 'cmt', alpha: null, length: 3, pdu: pdu(3, 0) } });
    expect(c.classify('+CDS: 4', null).class).toBe('urc-header');
    expect(c.classify('RING', null)).toEqual({ class: 'urc', urc: { type: 'ring' } });
    expect(c.classify(pdu(4, 2), null)).toEqual({ class: 'urc', urc: { type: 'cds', length: 4, pdu: pdu(4, 2) } });
  });

  it('the prefix of the command in flight wins over a URC of the same name', () => {
    const c = new LineClassifier();
    expect(c.classify('+CPIN: READY', ctx('AT+CPIN?', { kind: 'prefix', prefixes: ['+CPIN:'] }))).toEqual({ class: 'response', line: '+CPIN: READY' });
    expect(c.classify('+CPIN: READY', null)).toEqual({ class: 'urc', urc: { type: 'cpin', state: 'READY' } });
  });

  it('raw responses take bare lines but still route URCs', () => {
    const c = new LineClassifier();
    const gsn = ctx('AT+CGSN', { kind: 'raw' });
    expect(c.classify('867959030000001', gsn)).toEqual({ class: 'response', line: '867959030000001' });
    expect(c.classify('RING', gsn).class).toBe('urc');
  });

  it('NO CARRIER ends a dial command but is an event otherwise', () => {
    const c = new LineClassifier();
    expect(c.classify('NO CARRIER', ctx('ATD+861234;', { kind: 'final' }, { dial: true }))).toEqual({ class: 'final', result: { kind: 'dial', result: 'NO CARRIER' } });
    expect(c.classify('NO CARRIER', ctx('AT+CSQ'))).toEqual({ class: 'urc', urc: { type: 'call-ended', reason: 'NO CARRIER' } });
    expect(c.classify('NO CARRIER', null).class).toBe('urc');
  });

  it('recognises the echo of a CMGS payload', () => {
    const c = new LineClassifier();
    expect(c.classify('0011AB\x1a', ctx('AT+CMGS=2', { kind: 'prefix', prefixes: ['+CMGS:'] }, { payload: '0011AB' }))).toEqual({ class: 'echo' });
  });
});

// ------------------------------------------------------------------ headers and their PDUs
// A real modem may print unsolicited codes between a listing's header and its PDU (issue 13):
// every kind, at every position, must come out as itself, and every PDU with its own header.

const CMGL = ctx('AT+CMGL=4', { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true });
const CMGR = ctx('AT+CMGR=3', { kind: 'prefix', prefixes: ['+CMGR:'], pduAfterHeader: true });

const urcOf = (line: string): Urc => {
  const p = parseUrc(line);
  if (p.kind !== 'urc') throw new Error(`not a URC: ${line}`);
  return p.urc;
};

/** An unsolicited unit as a modem prints it (a header and its PDU together), and what each of its lines must become. */
interface Unit {
  name: string;
  lines: string[];
  out: Classified[];
}

const single = (name: string, line: string): Unit => ({ name, lines: [line], out: [{ class: 'urc', urc: urcOf(line) }] });
const unknown = (name: string, line: string): Unit => ({ name, lines: [line], out: [{ class: 'unknown', line }] });
const cds = (length: number, fill = 0x21, smsc: 'none' | 'empty' = 'empty'): Unit => {
  const p = pdu(length, 2, smsc, fill);
  return { name: `+CDS ${length}`, lines: [`+CDS: ${length}`, p], out: [{ class: 'urc-header', header: { type: 'cds', length } }, { class: 'urc', urc: { type: 'cds', length, pdu: p } }] };
};
const cmt = (length: number, alpha: string | null = null, fill = 0x31): Unit => {
  const p = pdu(length, 0, 'full', fill);
  return {
    name: `+CMT ${length}`,
    lines: [`+CMT: ${alpha === null ? '' : `"${alpha}"`},${length}`, p],
    out: [{ class: 'urc-header', header: { type: 'cmt', alpha, length } }, { class: 'urc', urc: { type: 'cmt', alpha, length, pdu: p } }],
  };
};

const UNITS: Unit[] = [
  single('RING', 'RING'),
  single('+CLIP', '+CLIP: "+8613912345678",145,"",0,"",0'),
  single('+CLIP withheld', '+CLIP: "",128'),
  single('+CMTI', '+CMTI: "SM",3'),
  single('+CDSI', '+CDSI: "SM",4'),
  single('+CREG', '+CREG: 1,"1A2B","00C3"'),
  single('+CPIN', '+CPIN: READY'),
  single('NO CARRIER', 'NO CARRIER'),
  single('BUSY', 'BUSY'),
  single('RDY', 'RDY'),
  single('Call Ready', 'Call Ready'),
  single('SMS Ready', 'SMS Ready'),
  single('PB DONE', 'PB DONE'),
  single('SMS DONE', 'SMS DONE'),
  single('power warning', 'UNDER-VOLTAGE WARNNING'),
  single('power down', 'NORMAL POWER DOWN'),
  unknown('+CLCC', '+CLCC: 1,1,4,0,0,"+8613912345678",145'),
  unknown('+CFUN', '+CFUN: 1'),
  unknown('garbage', '\x00\xff#garbage'),
  unknown('odd hex', '867959030000001'),
  unknown('a cut +CLIP', '+CLIP: "+86139'),
  cds(26),
  cds(24, 0x41, 'none'),
  cmt(36),
  cmt(36, 'Alice'),
];

/** A listing: each entry's header and PDU line (deliver or stored report, SMSC field empty or full). */
function listing(entries: { length: number; mti: 0 | 2; smsc: 'empty' | 'full' }[], kind: 'CMGL' | 'CMGR' = 'CMGL'): string[] {
  return entries.flatMap((e, i) => [kind === 'CMGL' ? `+CMGL: ${i + 1},${e.mti === 2 ? 1 : 0},,${e.length}` : `+CMGR: 0,,${e.length}`, pdu(e.length, e.mti, e.smsc, 0x70 + i)]);
}

/** Inserts whole units before the given indexes of `base` (index = base.length: before the final result). */
function interleave(base: string[], placed: { at: number; unit: Unit }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i <= base.length; i++) {
    for (const p of placed) if (p.at === i) out.push(...p.unit.lines);
    if (i < base.length) out.push(base[i]!);
  }
  return out;
}

/** Classifies every line under `command`, then `OK`; fails if any line's class is not what it must be. */
function expectRouted(command: CommandContext, base: string[], placed: { at: number; unit: Unit }[]): void {
  const c = new LineClassifier();
  const got = [...interleave(base, placed), 'OK'].map((line) => c.classify(line, command));
  const want: Classified[] = [];
  for (let i = 0; i <= base.length; i++) {
    for (const p of placed) if (p.at === i) want.push(...p.unit.out);
    if (i < base.length) want.push({ class: 'response', line: base[i]! });
  }
  want.push({ class: 'final', result: { kind: 'ok' } });
  expect(got).toEqual(want);
  expect(c.waiting).toBe(0);
}

describe('LineClassifier: unsolicited lines inside a listing', () => {
  const base = listing([
    { length: 24, mti: 0, smsc: 'full' },
    { length: 36, mti: 0, smsc: 'empty' },
    { length: 26, mti: 2, smsc: 'empty' },
  ]);

  it('every kind of unsolicited line, at every position between the echo-less command and its OK', () => {
    for (const unit of UNITS) for (let at = 0; at <= base.length; at++) expectRouted(CMGL, base, [{ at, unit }]);
  });

  it('every pair of them, at every pair of positions (a +CDS inside a listing entry, then a RING…)', () => {
    for (const a of UNITS) for (const b of UNITS) for (let i = 0; i <= base.length; i++) for (let j = i; j <= base.length; j++) {
      expectRouted(CMGL, base, [{ at: i, unit: a }, { at: j, unit: b }]);
    }
  });

  it('inside a +CMGR answer too', () => {
    const one = listing([{ length: 36, mti: 0, smsc: 'full' }], 'CMGR');
    for (const unit of UNITS) for (let at = 0; at <= one.length; at++) expectRouted(CMGR, one, [{ at, unit }]);
  });

  it('a +CDS split around the listing PDU: each PDU goes to the header it fits (length, then message type)', () => {
    const c = new LineClassifier();
    const report = pdu(26, 2);
    const message = pdu(36, 0);
    expect(c.classify('+CMGL: 1,0,,36', CMGL).class).toBe('response');
    expect(c.classify('+CDS: 26', CMGL).class).toBe('urc-header');
    expect(c.classify(message, CMGL)).toEqual({ class: 'response', line: message });
    expect(c.classify(report, CMGL)).toEqual({ class: 'urc', urc: { type: 'cds', length: 26, pdu: report } });
    // Same length: the report header takes only a status report, the entry here is a message.
    const same = pdu(26, 0);
    expect(c.classify('+CMGL: 2,0,,26', CMGL).class).toBe('response');
    expect(c.classify('+CDS: 26', CMGL).class).toBe('urc-header');
    expect(c.classify(same, CMGL)).toEqual({ class: 'response', line: same });
    expect(c.classify(report, CMGL)).toEqual({ class: 'urc', urc: { type: 'cds', length: 26, pdu: report } });
    expect(c.classify('OK', CMGL)).toEqual({ class: 'final', result: { kind: 'ok' } });
  });

  it('a damaged PDU goes to the newest header waiting (kept, not lost; the receiver judges it)', () => {
    const c = new LineClassifier();
    const cut = pdu(26, 2).slice(0, -4);
    expect(c.classify('+CDS: 26', null).class).toBe('urc-header');
    expect(c.classify(cut, null)).toEqual({ class: 'urc', urc: { type: 'cds', length: 26, pdu: cut } });
    expect(c.classify('+CMGL: 1,0,,36', CMGL).class).toBe('response');
    expect(c.classify(pdu(30, 0), CMGL)).toEqual({ class: 'response', line: pdu(30, 0) });
  });

  it('a header whose PDU never came: a new header replaces it, the final result ends it, so does the end of its command', () => {
    const c = new LineClassifier();
    expect(c.classify('+CMGL: 1,0,,36', CMGL).class).toBe('response');
    expect(c.classify('+CMGL: 2,0,,36', CMGL).class).toBe('response');
    expect(c.waiting).toBe(1);
    expect(c.classify(pdu(36, 0), CMGL)).toEqual({ class: 'response', line: pdu(36, 0) });
    expect(c.classify('+CMGL: 3,0,,36', CMGL).class).toBe('response');
    expect(c.classify('+CDS: 26', CMGL).class).toBe('urc-header');
    expect(c.classify('+CMS ERROR: 500', CMGL)).toEqual({ class: 'final', result: { kind: 'error', type: 'CMS', code: 500, text: '+CMS ERROR: 500' }, abandoned: ['+CMGL: 3,0,,36', '+CDS: 26'] });
    // The command timed out between its header and its PDU: the PDU is nobody's now.
    expect(c.classify('+CMGL: 4,0,,36', CMGL).class).toBe('response');
    expect(c.classify(pdu(36, 0), null)).toEqual({ class: 'unknown', line: pdu(36, 0) });
    expect(c.waiting).toBe(0);
  });

  it('a report header waits across unsolicited lines with no command in flight', () => {
    const c = new LineClassifier();
    const report = pdu(26, 2);
    expect(c.classify('+CDS: 26', null).class).toBe('urc-header');
    expect(c.classify('RING', null).class).toBe('urc');
    expect(c.classify('+CLCC: 1,1,4,0,0,"+8613912345678",145', null).class).toBe('unknown');
    expect(c.classify(report, null)).toEqual({ class: 'urc', urc: { type: 'cds', length: 26, pdu: report } });
  });
});

describe('LineClassifier: properties (fast-check)', () => {
  const entry = fc.record({ length: fc.integer({ min: 12, max: 175 }), mti: fc.constantFrom<0 | 2>(0, 2), smsc: fc.constantFrom<'empty' | 'full'>('empty', 'full') });
  const unit = fc.oneof(
    fc.constantFrom(...UNITS),
    fc.integer({ min: 12, max: 60 }).map((n) => cds(n)),
    fc.integer({ min: 12, max: 175 }).map((n) => cmt(n)),
  );

  it('units printed whole, anywhere in any listing: every line is routed as itself', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.array(fc.record({ at: fc.nat(), unit }), { maxLength: 6 }), (entries, units) => {
        const base = listing(entries);
        expectRouted(CMGL, base, units.map((u) => ({ at: u.at % (base.length + 1), unit: u.unit })));
      }),
      { numRuns: 2000 },
    );
  });

  it('a +CDS whose header and PDU straddle a listing PDU of another length: still paired right', () => {
    fc.assert(
      fc.property(entry, fc.integer({ min: 12, max: 60 }), (e, reportLength) => {
        fc.pre(reportLength !== e.length);
        const c = new LineClassifier();
        const [header, message] = listing([e]);
        const report = pdu(reportLength, 2);
        expect(c.classify(header!, CMGL).class).toBe('response');
        expect(c.classify(`+CDS: ${reportLength}`, CMGL).class).toBe('urc-header');
        expect(c.classify(message!, CMGL)).toEqual({ class: 'response', line: message });
        expect(c.classify(report, CMGL)).toEqual({ class: 'urc', urc: { type: 'cds', length: reportLength, pdu: report } });
        expect(c.classify('OK', CMGL)).toEqual({ class: 'final', result: { kind: 'ok' } });
      }),
      { numRuns: 1000 },
    );
  });

  it('any lines at all: one class each, never a throw, never more than 4 headers waiting, none after a final result', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('OK', 'ERROR', '+CMS ERROR: 38', '+CMGL: 1,0,,36', '+CMGR: 0,,36', '+CDS: 26', '+CMT: ,36', pdu(36, 0), pdu(26, 2), '00', 'RING'),
      fc.integer({ min: 1, max: 40 }).map((n) => 'AB'.repeat(n)),
    );
    const cmd = fc.constantFrom(null, CMGL, CMGR, ctx('AT+CSQ', { kind: 'prefix', prefixes: ['+CSQ:'] }), ctx('AT+CGSN', { kind: 'raw' }));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, cmd), { maxLength: 60 }), (steps) => {
        const c = new LineClassifier();
        for (const [l, command] of steps) {
          const r = c.classify(l, command);
          expect(['echo', 'final', 'response', 'urc', 'urc-header', 'unknown']).toContain(r.class);
          expect(c.waiting).toBeLessThanOrEqual(4);
          if (r.class === 'final') expect(c.waiting).toBe(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pdu-line', () => {
  it('a PDU line is an even run of hex digits', () => {
    expect(isPduLine('00AB')).toBe(true);
    expect(isPduLine('00ab')).toBe(true);
    for (const l of ['', '0', '123', '+CMTI: "SM",1', 'OK', '00 AB', '0G']) expect(isPduLine(l), l).toBe(false);
  });

  it('fits a header by TPDU length with or without the SMSC field, and by message type', () => {
    expect(pduFits(pdu(26, 2, 'none'), 26, 2)).toBe(true);
    expect(pduFits(pdu(26, 2, 'empty'), 26, 2)).toBe(true);
    expect(pduFits(pdu(26, 2, 'full'), 26, null)).toBe(true);
    expect(pduFits(pdu(26, 0, 'empty'), 26, 2)).toBe(false);
    expect(pduFits(pdu(25, 2, 'empty'), 26, 2)).toBe(false);
    expect(pduFits(pdu(40, 0, 'full'), null, null)).toBe(true);
  });

  it('reads <length> from +CMGL and +CMGR headers', () => {
    expect(listingLength('+CMGL: 1,0,,24')).toBe(24);
    expect(listingLength('+CMGL: 12,1,"Alice",160')).toBe(160);
    expect(listingLength('+CMGR: 0,,36')).toBe(36);
    expect(listingLength('+CMGR: 0')).toBeNull();
    expect(listingLength('+CMGL: 1,0,,x')).toBeNull();
  });
});
