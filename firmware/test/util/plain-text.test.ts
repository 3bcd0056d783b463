// Names are text (issue 11 item 10): the pure sanitiser, every code point and random strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLineText, cleanName, cleanReceivedName, describeTextProblem, hasVisible } from '../../src/util/plain-text.js';

const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const WHITESPACE_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85]);

describe('cleanName, one character at a time (every code point)', () => {
  it('refuses each control character, drops each format character, and never lets through an invisible name', { timeout: 120_000 }, () => {
    // Plain checks in the loop (1.1 million code points; expect() per one would take a minute).
    const wrong: string[] = [];
    let refusedControl = 0;
    let dropped = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates: not text (JSON makes them U+FFFD)
      const ch = String.fromCodePoint(cp);
      const hex = `U+${cp.toString(16).toUpperCase()}`;
      const r = cleanName(`A${ch}B`);
      if (CONTROL.test(ch) && !WHITESPACE_CONTROLS.has(cp)) {
        if (r.ok || r.problem.kind !== 'control' || r.problem.codePoint !== cp) wrong.push(`${hex}: not refused as a control character`);
        else refusedControl++;
        continue;
      }
      if (!r.ok) {
        wrong.push(`${hex} between letters refused`);
        continue;
      }
      if (CONTROL.test(r.text) || FORMAT.test(r.text)) wrong.push(`${hex} left a control or format character`);
      if (FORMAT.test(ch)) {
        if (r.text !== 'AB') wrong.push(`${hex} (format) not dropped`);
        else dropped++;
      }
      // Alone, the character is a name only if it shows.
      const alone = cleanName(ch);
      if (alone.ok && alone.text !== '' && !hasVisible(alone.text)) wrong.push(`${hex} alone passes as a name`);
    }
    expect(wrong).toEqual([]);
    // C0, DEL and C1, less the six whitespace ones; Unicode has 170-odd format characters.
    expect(refusedControl).toBe(65 - 6);
    expect(dropped).toBeGreaterThan(150);
  });

  it('knows the well-known invisible tricks', () => {
    for (const trick of ['\u3164', '\u115F\u1160', '\uFFA0', '\u2800', '\u200B', '\u200B\u200C\u200D\u2060\uFEFF', '\u00A0\u3000\u2003', '\u0301\u0302', '\u202E\u202C', '\u{E0041}\u{E0042}', '\u180E', '\u17B4']) {
      const r = cleanName(trick);
      expect(r.ok && r.text !== '', JSON.stringify(trick)).toBe(false);
    }
  });

  it('keeps real names as they are', () => {
    for (const name of ['Trần Thị Hoa', '王小明', 'Lucy O’Brien-Chen', 'Nguyễn Văn A.', '李', '김민준', 'José', '👰 Mai', 'Ánh Dương Studio']) {
      expect(cleanName(name)).toEqual({ ok: true, text: name.normalize('NFC') });
    }
  });

  it('drops what hides or reorders letters, so look-alikes become the same name', () => {
    expect(cleanName('Ho\u200Ba')).toEqual({ ok: true, text: 'Hoa' });
    expect(cleanName('\u202Egnp.exe')).toEqual({ ok: true, text: 'gnp.exe' });
    expect(cleanName('\u2067Mai\u2069')).toEqual({ ok: true, text: 'Mai' });
    expect(cleanName('\uFEFFLan')).toEqual({ ok: true, text: 'Lan' });
  });

  it('makes one line: tabs and line breaks are a space, runs of spaces one, trimmed, NFC', () => {
    expect(cleanName(' Trần\t\tThị\r\nHoa\u3000 ')).toEqual({ ok: true, text: 'Trần Thị Hoa' });
    expect(cleanName('Tra\u0300n')).toEqual({ ok: true, text: 'Tràn' }); // decomposed (a Mac) -> composed
  });

  it('says which character is wrong, by code point', () => {
    expect(cleanName('a\u0000b')).toEqual({ ok: false, problem: { kind: 'control', codePoint: 0 } });
    expect(describeTextProblem({ kind: 'control', codePoint: 0x1b })).toMatch(/control character \(U\+001B\)/);
    expect(describeTextProblem({ kind: 'invisible' })).toBe('shows no visible characters');
  });
});

describe('cleanName and cleanLineText, random strings', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, ''));
  const tricky = fc.array(fc.constantFrom('a', 'Ê', '王', ' ', '\t', '\n', '\u200B', '\u202E', '\u3164', '\u0301', '\u0000', '\u001b', '\u00A0', '\u2066', '\uFEFF', 'e\u0301'), { maxLength: 20 }).map((a) => a.join(''));
  const inputs = fc.oneof(anyText, tricky);

  it('an accepted name has no control or format character, one line, trimmed, NFC, and shows', () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const r = cleanName(s);
        if (!r.ok) return;
        expect(CONTROL.test(r.text) || FORMAT.test(r.text)).toBe(false);
        expect(r.text).toBe(r.text.trim());
        expect(r.text).not.toMatch(/\s\s/);
        expect(r.text).toBe(r.text.normalize('NFC'));
        if (r.text !== '') expect(hasVisible(r.text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent, and refuses exactly the strings with a non-whitespace control character', () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const line = cleanLineText(s);
        expect(line.ok).toBe(!/[\p{Cc}]/u.test(s.replace(/[\t\n\v\f\r\u0085]/g, '')));
        if (line.ok) expect(cleanLineText(line.text)).toEqual(line);
        const name = cleanName(s);
        if (name.ok) expect(cleanName(name.text)).toEqual(name);
      }),
      { numRuns: 3000 },
    );
  });

  it('loses no visible character: only format characters and extra spaces go', () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const r = cleanLineText(s);
        if (!r.ok) return;
        const visible = (t: string) => t.normalize('NFC').replace(/[\p{Cf}\s\p{Zs}]/gu, '');
        expect(visible(r.text)).toBe(visible(s.replace(/\p{Cf}/gu, '')));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('cleanReceivedName (a caller-ID name from the network)', () => {
  it('drops control and format characters instead of refusing, and gives null for nothing visible', () => {
    expect(cleanReceivedName('WANG\u0000 XIAO\u0007MING')).toBe('WANG XIAOMING');
    expect(cleanReceivedName('\u202EEVIL')).toBe('EVIL');
    expect(cleanReceivedName('\u3164')).toBeNull();
    expect(cleanReceivedName('\u0000\u0001')).toBeNull();
    expect(cleanReceivedName(null)).toBeNull();
    expect(cleanReceivedName('王小明')).toBe('王小明');
  });

  it('always gives a clean visible name or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, '')), (s) => {
        const name = cleanReceivedName(s);
        if (name === null) return;
        expect(cleanName(name)).toEqual({ ok: true, text: name });
        expect(hasVisible(name)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
