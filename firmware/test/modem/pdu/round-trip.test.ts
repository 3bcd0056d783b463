// encodeSubmit / encodeDeliver -> decodePdu of every part -> joined by concatenation
// reference and sequence (in any arrival order) gives the text back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu, encodeDeliver, encodeSubmit, smsParts, type EncodedSubmit, type SmsDeliver, type SmsSubmit } from '../../../src/modem/pdu/index.js';
import { textToSeptets } from '../../../src/modem/pdu/gsm7-alphabet.js';
import { anyText, gsm7Text, ucs2Text, wellFormed } from './arbitraries.js';

const TIME = { year: 2024, month: 5, day: 10, hour: 9, minute: 0, second: 0, offsetMinutes: 420 };

function decodeAll(encoded: EncodedSubmit): (SmsDeliver | SmsSubmit)[] {
  return encoded.parts.map((p) => {
    const r = decodePdu(p.hex);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    if (r.pdu.type === 'status-report') throw new Error('unexpected status report');
    expect(r.pdu.tpduLength).toBe(p.tpduLength);
    return r.pdu;
  });
}

/** Joins parts as a receiver must: by sequence number, checking reference and count. */
function reassemble(pdus: (SmsDeliver | SmsSubmit)[]): string {
  if (pdus.length === 1 && pdus[0]?.userData.concat === null) return pdus[0].userData.text ?? '';
  const first = pdus[0]?.userData.concat;
  const bySeq = new Map<number, string>();
  for (const p of pdus) {
    const c = p.userData.concat;
    expect(c).not.toBeNull();
    expect(c?.ref).toBe(first?.ref);
    expect(c?.total).toBe(pdus.length);
    bySeq.set(c?.seq ?? 0, p.userData.text ?? '');
  }
  return Array.from({ length: pdus.length }, (_, i) => bySeq.get(i + 1) ?? '<missing>').join('');
}

function checkParts(text: string, encoded: EncodedSubmit, ref16: boolean): void {
  const pdus = decodeAll(encoded);
  expect(pdus.length).toBe(smsParts(text, { ref16 }).parts);
  expect(encoded.encoding).toBe(smsParts(text).encoding);
  for (const p of pdus) {
    const ud = p.userData;
    const octets = ud.dcs.alphabet === 'gsm7' ? Math.ceil((ud.length * 7) / 8) : ud.length;
    expect(octets).toBeLessThanOrEqual(140);
    const partText = ud.text ?? '';
    // An emoji cut in two would leave a lone surrogate at a part's edge.
    if (wellFormed(text)) expect(wellFormed(partText)).toBe(true);
    if (ud.dcs.alphabet === 'gsm7') {
      // A split escape pair would decode as a space (lone ESC) + a basic character, so the
      // part's text would no longer take the septets that were sent.
      const headerSeptets = ud.header ? (ud.concat?.refBits === 16 ? 8 : 7) : 0;
      expect(textToSeptets(partText)?.length).toBe(ud.length - headerSeptets);
    }
  }
  // Parts may arrive in any order.
  expect(reassemble([...pdus].reverse())).toBe(text);
}

describe('round trip', () => {
  it('property: GSM-7 (with extension characters) SUBMIT -> decode -> reassemble', () => {
    fc.assert(
      fc.property(gsm7Text, fc.integer({ min: 0, max: 255 }), (text, ref) => {
        const encoded = encodeSubmit({ to: '+84901234567', text, concatRef: ref });
        expect(encoded.encoding).toBe('gsm7');
        checkParts(text, encoded, false);
      }),
    );
  });

  it('property: Chinese, Vietnamese, emoji and mixed text SUBMIT -> decode -> reassemble', () => {
    fc.assert(
      fc.property(ucs2Text, fc.integer({ min: 0, max: 255 }), (text, ref) => {
        checkParts(text, encodeSubmit({ to: '0901234567', text, concatRef: ref, statusReport: true, validityMinutes: 1440 }), false);
      }),
    );
  });

  it('property: any text with a 16-bit reference, or forced UCS-2', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 65535 }), fc.boolean(), (text, ref, forceUcs2) => {
        const encoded = encodeSubmit({ to: '+8613800138000', text, concatRef16: ref, forceUcs2 });
        if (forceUcs2) expect(encoded.encoding).toBe('ucs2');
        const pdus = decodeAll(encoded);
        expect(pdus.length).toBe(smsParts(text, { forceUcs2, ref16: true }).parts);
        if (pdus.length > 1) expect(pdus.every((p) => p.userData.concat?.refBits === 16 && p.userData.concat.ref === ref)).toBe(true);
        expect(reassemble(pdus)).toBe(text);
      }),
    );
  });

  it('property: DELIVER from numbers and alphanumeric senders round-trips too', () => {
    const sender = fc.oneof(fc.constantFrom('VIETTEL', 'MobiFone', 'Vinaphone', '10086', '+84901234567', 'BANK{1}'), fc.stringMatching(/^\+?[0-9]{3,15}$/));
    fc.assert(
      fc.property(sender, anyText, (from, text) => {
        const pdus = decodeAll(encodeDeliver({ from, text, smsc: '+84980000000', timestamp: TIME }));
        for (const p of pdus) {
          expect(p.type).toBe('deliver');
          if (p.type === 'deliver') expect(p.originator.number).toBe(from);
        }
        expect(reassemble(pdus)).toBe(text);
      }),
    );
  });

  it('keeps a lone surrogate as it is rather than losing or replacing it', () => {
    const text = 'a\ud83d' + '你'.repeat(80) + '\ude00';
    expect(reassemble(decodeAll(encodeSubmit({ to: '1', text })))).toBe(text);
  });
});
