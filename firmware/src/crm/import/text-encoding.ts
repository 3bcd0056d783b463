// A CSV file's text: its encoding told from its bytes, and its delimiter from its first line.
// Pure: bytes in, text out. Old Chinese customer software (and Excel's "CSV" on a Chinese
// Windows) writes GBK, which GB18030 contains; everything newer writes UTF-8, sometimes with
// a BOM; Excel's "Unicode text" is UTF-16 with a BOM.
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * The encoding of a text file: a BOM says it; otherwise bytes that are valid UTF-8 are UTF-8,
 * and anything else is read as GB18030. A GBK text is valid UTF-8 only by chance: about one
 * GB2312 character in seven is also a two-byte UTF-8 sequence, so a line of eight or more
 * characters (a Chinese file's header row) passes for UTF-8 about once in ten million.
 */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isUtf8(bytes) ? 'utf-8' : 'gb18030';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text, without a BOM. */
export function decodeText(bytes: Uint8Array, encoding: CsvEncoding): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The delimiter of a CSV: of comma, semicolon (Excel in Vietnamese and European locales) and
 * tab, the one found most often outside quotes in the first line; comma when none is.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ',');
  return best;
}
