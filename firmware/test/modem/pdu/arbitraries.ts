// Text generators shared by the PDU property tests.
import fc from 'fast-check';

// Written out here rather than imported, so the alphabet table is checked against an
// independent copy of TS 23.038 §6.2.1 (basic, ESC excluded) and §6.2.1.1 (extension).
export const GSM7_BASIC = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'];
export const GSM7_EXTENSION = [...'\f^{}\\[~]|€'];

const VIETNAMESE = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ',
  ...'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ',
  ...'ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ',
];

export const gsm7Char = fc.constantFrom(...GSM7_BASIC, ...GSM7_EXTENSION);
export const extensionChar = fc.constantFrom(...GSM7_EXTENSION);
export const chineseChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c));
export const vietnameseChar = fc.constantFrom(...VIETNAMESE);
export const emoji = fc.oneof(
  fc.integer({ min: 0x1f300, max: 0x1faff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('👨‍👩‍👧‍👦', '🇻🇳', '🇨🇳', '👍🏽', '❤️'),
);

const text = (char: fc.Arbitrary<string>, maxLength: number) => fc.array(char, { maxLength }).map((a) => a.join(''));

/** GSM-7 texts from empty to ~5 parts, rich in extension characters (which take 2 septets). */
export const gsm7Text = fc.oneof(text(gsm7Char, 200), text(fc.oneof(gsm7Char, extensionChar), 800));

/** Texts that need UCS-2, or mix alphabets; long enough to need several parts. */
export const ucs2Text = fc.oneof(
  text(chineseChar, 300),
  text(vietnameseChar, 400),
  text(emoji, 200),
  text(fc.oneof(gsm7Char, chineseChar, vietnameseChar, emoji), 400),
);

export const anyText = fc.oneof(gsm7Text, ucs2Text);

/** True when the string has no lone surrogate (an emoji cut in half). */
export const wellFormed = (s: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
