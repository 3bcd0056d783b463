// The pure rules behind the SMS screens: the preview line under the message box (the same
// split as the modem code), when a stray character is pointed out, how a customer's sent and
// received messages merge when each list is paged on its own, and CSQ as signal bars.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage, OutboxMessage } from '../../firmware/src/api-types';
import { splitText } from '../../firmware/src/modem/pdu/split-text';
import { mergeThread } from '../src/components/crm/customer-sms';
import { signalBars } from '../src/components/system/modem-card';
import { smsPreview, unicodeCulprits } from '../src/components/care/sms-compose';
import { characterCount, nonGsmCharacters, smsParts } from '../src/sms-text';
import { loadLanguage } from '../src/i18n/catalog';

// The UI's words come in one chunk per language, loaded before use (main.ts does it in the browser).
beforeAll(() => loadLanguage('en'));

describe('SMS preview', () => {
  it('counts characters, names the alphabet and the parts, at the 160/153 and 70/67 limits', () => {
    expect(smsPreview('')).toBe('0 characters · GSM-7 · 1 part (up to 160) · 160 left in this part');
    expect(smsPreview('a'.repeat(160))).toBe('160 characters · GSM-7 · 1 part (up to 160) · 0 left in this part');
    expect(smsPreview('a'.repeat(161))).toBe('161 characters · GSM-7 · 2 parts (153 per part) · 145 left in this part');
    expect(smsPreview('字'.repeat(70))).toBe('70 characters · Unicode · 1 part (up to 70) · 0 left in this part');
    expect(smsPreview('字'.repeat(80))).toBe('80 characters · Unicode · 2 parts (67 per part) · 54 left in this part');
    // € takes two septets (escape + code): 80 of them fill 160.
    expect(smsParts('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', parts: 1, remainingInPart: 0 });
    expect(smsParts('€'.repeat(81)).parts).toBe(2);
  });

  it('counts an emoji as one character but two units, and never splits it', () => {
    const text = 'a'.repeat(66) + '😀';
    expect(characterCount(text)).toBe(67);
    const info = smsParts(text);
    expect(info).toMatchObject({ encoding: 'ucs2', parts: 1, unitsUsed: 68 });
    const long = '😀'.repeat(40); // 80 units: 2 parts; 67 is odd, so the first part holds 33 emoji (66 units)
    expect(smsParts(long)).toMatchObject({ parts: 2, unitsUsed: 80 });
    expect(splitText(long).parts.map((p) => p.length)).toEqual([66, 14]);
  });

  it('agrees with the encoder for every text it shows (the UI uses the firmware rule itself)', () => {
    for (const text of ['Hello', '您好'.repeat(50), 'Chào chị Hoa, ảnh đã xong rồi ạ!'.repeat(5), '{[]}~^|\\€'.repeat(20), '😀x'.repeat(45)]) {
      const split = splitText(text);
      expect(smsParts(text).parts).toBe(split.parts.length);
      expect(split.parts.join('')).toBe(text);
    }
  });
});

describe('the Unicode warning', () => {
  it('names the one character that makes Latin text Unicode', () => {
    expect(nonGsmCharacters('Hoa’s album 😀 ’')).toEqual(['’', '😀']);
    expect(unicodeCulprits('See you Saturday, Hoa’s album is ready')).toEqual(['’']);
    expect(unicodeCulprits('Thanks! 😀')).toEqual(['😀']);
  });

  it('stays quiet for GSM-7 text and for text that is Unicode by nature', () => {
    expect(unicodeCulprits('Plain text with € and {brackets}')).toEqual([]);
    expect(unicodeCulprits('您好，您的照片已经修好了')).toEqual([]);
    expect(unicodeCulprits('Chào chị, ảnh cưới đã xong, mời chị đến xem')).toEqual([]);
    expect(unicodeCulprits('好')).toEqual([]);
  });
});

describe('a customer’s conversation', () => {
  const out = (id: number, at: string) => ({ id, createdAt: at }) as OutboxMessage;
  const inb = (id: number, at: string) => ({ id, receivedAt: at }) as InboxMessage;

  it('merges sent and received, newest first', () => {
    const r = mergeThread({ out: [out(2, '2026-01-03T00:00:00Z'), out(1, '2026-01-01T00:00:00Z')], outNext: null, inb: [inb(7, '2026-01-02T00:00:00Z')], inNext: null });
    expect(r.entries.map((e) => `${e.kind}${e.m.id}`)).toEqual(['out2', 'in7', 'out1']);
    expect(r.more).toBe(false);
  });

  it('holds back rows older than the oldest loaded row of a list that has more pages', () => {
    // The outbox has older pages beyond 2026-01-05: an inbox row of 01-02 could be preceded
    // by unseen outbox rows, so it waits for "older".
    const r = mergeThread({ out: [out(9, '2026-01-06T00:00:00Z'), out(8, '2026-01-05T00:00:00Z')], outNext: 8, inb: [inb(3, '2026-01-07T00:00:00Z'), inb(2, '2026-01-02T00:00:00Z')], inNext: null });
    expect(r.entries.map((e) => `${e.kind}${e.m.id}`)).toEqual(['in3', 'out9', 'out8']);
    expect(r.more).toBe(true);
  });
});

describe('signal bars', () => {
  it('maps CSQ to 0–4 bars, unknown for 99', () => {
    expect([0, 1, 2, 9, 10, 14, 15, 19, 20, 31].map(signalBars)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(signalBars(99)).toBeNull();
    expect(signalBars(null)).toBeNull();
  });
});
