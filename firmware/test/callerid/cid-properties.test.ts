import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCallerIdLine, decodeCidHex, decodeClcc, decodeClip, VcidAccumulator } from '../../src/callerid/index.js';
import { hex, mdmf, type MdmfParam } from './cid-encoder.js';

const digitString = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const two = (n: number) => String(n).padStart(2, '0');

const dateTime = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 31 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
});
/** Printable ASCII names, as Bellcore and ETSI exchanges send them. */
const asciiName = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
/** Parameter types the decoder does not know, kept raw. */
const unknownParam = fc.record({
  type: fc.integer({ min: 0x00, max: 0xff }).filter((t) => ![0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x11].includes(t)),
  value: fc.uint8Array({ maxLength: 12 }),
});

/** A random valid MDMF caller-ID message: the fields, and the parameters encoding them in random order. */
const mdmfMessage = fc
  .record({
    dateTime: fc.option(dateTime, { nil: null }),
    number: fc.oneof(digitString(1, 20), fc.constantFrom('O', 'P')),
    name: fc.option(fc.oneof(asciiName, fc.constantFrom('O', 'P')), { nil: null }),
    calledNumber: fc.option(digitString(1, 20), { nil: null }),
    callType: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
    unknown: fc.array(unknownParam, { maxLength: 3 }),
    seed: fc.integer(),
  })
  .map((m) => {
    const params: MdmfParam[] = [];
    if (m.dateTime) {
      const d = m.dateTime;
      params.push({ type: 0x01, value: `${two(d.month)}${two(d.day)}${two(d.hour)}${two(d.minute)}` });
    }
    if (m.number === 'O' || m.number === 'P') params.push({ type: 0x04, value: m.number });
    else params.push({ type: 0x02, value: m.number });
    if (m.name === 'O' || m.name === 'P') params.push({ type: 0x08, value: m.name });
    else if (m.name !== null) params.push({ type: 0x07, value: m.name });
    if (m.calledNumber !== null) params.push({ type: 0x03, value: m.calledNumber });
    if (m.callType !== null) params.push({ type: 0x11, value: Uint8Array.of(m.callType) });
    for (const u of m.unknown) params.push(u);
    // Parameter order is free in MDMF; shuffle deterministically from the seed.
    const shuffled = params
      .map((p, i) => ({ p, k: Math.imul(m.seed ^ (i * 0x9e3779b1), 0x85ebca6b) >>> 0 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.p);
    return { m, bytes: mdmf(shuffled) };
  });

describe('MDMF round trip (fast-check)', () => {
  it('decodes every field an encoder put in a valid frame', () => {
    fc.assert(
      fc.property(mdmfMessage, fc.boolean(), ({ m, bytes }, lower) => {
        const text = lower ? hex(bytes).toLowerCase() : hex(bytes, '');
        const r = decodeCidHex(text);
        if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
        const v = r.value;
        expect(v.source).toBe('mdmf');
        expect(v.dateTime).toEqual(m.dateTime);
        const letter = (x: string | null) => (x === 'O' ? 'unavailable' : x === 'P' ? 'private' : null);
        expect(v.number).toBe(letter(m.number) ? null : m.number);
        expect(v.absence).toBe(letter(m.number));
        expect(v.name).toBe(letter(m.name) ? null : m.name);
        expect(v.nameAbsence).toBe(letter(m.name));
        expect(v.calledNumber).toBe(m.calledNumber);
        expect(v.callType).toBe(m.callType);
        expect(v.extras.map((e) => e.tag).sort()).toEqual(
          m.unknown.map((u) => `param 0x${u.type.toString(16).toUpperCase().padStart(2, '0')}`).sort(),
        );
        expect(v.warnings).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single-byte change to a valid frame', () => {
    fc.assert(
      fc.property(mdmfMessage, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ bytes }, at, delta) => {
        const i = at % bytes.length;
        const broken = [...bytes];
        broken[i] = ((broken[i] ?? 0) + delta) & 0xff;
        expect(decodeCidHex(hex(broken)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every strict prefix of a valid frame', () => {
    fc.assert(
      fc.property(mdmfMessage, fc.nat(), ({ bytes }, cut) => {
        const r = decodeCidHex(hex(bytes.slice(0, cut % bytes.length)));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(['empty', 'truncated']).toContain(r.error.code);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decoders never throw', () => {
  const anyText = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF \t\r\n'), maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => hex(Array.from(b))),
    fc.uint8Array({ maxLength: 300 }).map((b) => `80 ${hex(Array.from(b))}`),
    fc.string({ unit: fc.constantFrom(...'"0123456789,+ abc'), maxLength: 80 }).map((s) => `+CLIP: ${s}`),
    fc.string({ unit: fc.constantFrom(...'"0123456789,+ abc'), maxLength: 80 }).map((s) => `+CLCC: ${s}`),
    fc.tuple(fc.constantFrom('DATE', 'TIME', 'NMBR', 'NAME', 'MESG'), fc.string({ maxLength: 30 })).map(([t, v]) => `${t} = ${v}`),
  );

  it('returns a result, ok or error, for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const decode of [decodeCallerIdLine, decodeCidHex, decodeClip, decodeClcc]) {
          const r = decode(text);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
          expect(() => JSON.stringify(r)).not.toThrow();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accumulates any sequence of lines without throwing, and keeps its invariant', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 30 }), (lines) => {
        const acc = new VcidAccumulator();
        const results = [...lines.map((l) => acc.push(l)), acc.flush()];
        for (const r of results) {
          if (r?.ok) expect(r.value.number === null).toBe(r.value.absence !== null);
        }
        expect(acc.pending).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
