// CSV bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 told apart (pure).
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, detectEncoding } from '../../../src/crm/import/text-encoding.js';

const TEXT = '姓名,手机,备注\n张伟,13812345678,老客户介绍\n李娜,13900001111,"婚纱, 儿童"\n';

describe('detectEncoding and decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const plain = Buffer.from(TEXT, 'utf8');
    expect(detectEncoding(plain)).toBe('utf-8');
    expect(decodeText(plain, 'utf-8')).toBe(TEXT);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(detectEncoding(bom)).toBe('utf-8');
    expect(decodeText(bom, 'utf-8')).toBe(TEXT);
  });

  it('reads GBK and GB18030 files of old Chinese software', () => {
    for (const enc of ['gbk', 'gb18030']) {
      const bytes = iconv.encode(TEXT, enc);
      expect(detectEncoding(bytes)).toBe('gb18030');
      expect(decodeText(bytes, 'gb18030')).toBe(TEXT);
    }
  });

  it('reads UTF-16 with a BOM (Excel\'s "Unicode text")', () => {
    expect(detectEncoding(iconv.encode(TEXT, 'utf-16le', { addBOM: true }))).toBe('utf-16le');
    expect(decodeText(iconv.encode(TEXT, 'utf-16le', { addBOM: true }), 'utf-16le')).toBe(TEXT);
    expect(detectEncoding(iconv.encode(TEXT, 'utf-16be', { addBOM: true }))).toBe('utf-16be');
    expect(decodeText(iconv.encode(TEXT, 'utf-16be', { addBOM: true }), 'utf-16be')).toBe(TEXT);
  });

  it('plain ASCII is UTF-8 (and the same text in both)', () => {
    expect(detectEncoding(Buffer.from('name,phone\nAnn,123\n'))).toBe('utf-8');
  });

  it('any Chinese text of a header line\'s length in GBK is told from UTF-8 and decodes back', () => {
    // About one GB2312 character in seven is also a valid two-byte UTF-8 sequence (lead C2–DF,
    // trail A1–BF), so two characters alone can pass for UTF-8; eight in a row almost never do
    // (1 in 10^7), and a Chinese file's header line alone has more.
    const hanzi = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), minLength: 8, maxLength: 40 });
    fc.assert(
      fc.property(hanzi, fc.string({ unit: 'grapheme-ascii', maxLength: 10 }), (cn, ascii) => {
        const text = `${ascii}${cn}`;
        const bytes = iconv.encode(text, 'gbk');
        expect(detectEncoding(bytes)).toBe('gb18030');
        expect(decodeText(bytes, 'gb18030')).toBe(text);
        expect(detectEncoding(Buffer.from(text, 'utf8'))).toBe('utf-8');
      }),
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2;3', ';'],
    ['a\tb\tc', '\t'],
    ['"x,y,z";b;c\n', ';'],
    ['name\nAnn', ','],
    ['', ','],
    ['a;b\r\n1,2,3,4,5', ';'],
  ])('%j → %j', (text, d) => {
    expect(detectDelimiter(text)).toBe(d);
  });
});
