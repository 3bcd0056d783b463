// Hex text from AT+VCID=2 / AT#CID=2 into bytes. Whitespace and lowercase are fine; when
// the text is split into groups each group must be whole bytes, so a dropped nibble is
// reported where it happened instead of shifting every later byte.

export type HexResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

export function parseHex(text: string): HexResult {
  const groups = text.trim().split(/\s+/).filter((g) => g !== '');
  if (groups.length === 0) return { ok: false, message: 'no hex digits' };
  const out: number[] = [];
  for (const [i, group] of groups.entries()) {
    const bad = /[^0-9a-fA-F]/.exec(group);
    if (bad) return { ok: false, message: `'${bad[0]}' in group ${i + 1} ("${group}") is not a hex digit` };
    if (group.length % 2 !== 0) {
      return { ok: false, message: `group ${i + 1} ("${group}") has an odd number of hex digits — a nibble is missing` };
    }
    for (let j = 0; j < group.length; j += 2) out.push(parseInt(group.slice(j, j + 2), 16));
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/** Bytes as spaced uppercase hex, the way specs print them: "80 20 01". */
export const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
