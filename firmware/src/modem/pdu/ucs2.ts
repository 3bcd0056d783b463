// UCS-2 as phones really send it: UTF-16 big-endian, so characters outside the BMP (emoji)
// are surrogate pairs of two units. Lone surrogates pass through unchanged in both
// directions: another sender may split a pair across two parts, and joining the parts' text
// must give the character back.

export function ucs2Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 * i] = u >> 8;
    out[2 * i + 1] = u & 0xff;
  }
  return out;
}

/** Decodes pairs of octets; an odd last octet is ignored (the caller reports it). */
export function ucs2Decode(octets: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < octets.length; i += 2) units.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  // Chunked: String.fromCharCode(...units) is bounded by the argument limit; 70 units never is.
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}
