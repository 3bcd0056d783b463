// Septets <-> octets, least significant bit first (3GPP TS 23.038 §6.1.2.1.1). When a user
// data header precedes the text, the text starts on a septet boundary counted from the start
// of the user data, so `fillBits` zero bits (0-6) come first (TS 23.040 §9.2.3.24).

/** Packs septets after `fillBits` zero bits; the last octet's unused high bits are zero. */
export function packSeptets(septets: ArrayLike<number>, fillBits = 0): Uint8Array {
  const out = new Uint8Array(Math.ceil((fillBits + septets.length * 7) / 8));
  let acc = 0;
  let bits = fillBits;
  let o = 0;
  for (let i = 0; i < septets.length; i++) {
    acc |= ((septets[i] ?? 0) & 0x7f) << bits;
    bits += 7;
    while (bits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out[o] = acc & 0xff;
  return out;
}

/** Reads `count` septets after `fillBits` bits; stops early if the octets run out. */
export function unpackSeptets(octets: Uint8Array, count: number, fillBits = 0): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let skip = fillBits;
  for (let i = 0; i < octets.length && out.length < count; i++) {
    acc |= (octets[i] ?? 0) << bits;
    bits += 8;
    if (skip > 0) {
      acc >>>= skip;
      bits -= skip;
      skip = 0;
    }
    while (bits >= 7 && out.length < count) {
      out.push(acc & 0x7f);
      acc >>>= 7;
      bits -= 7;
    }
  }
  return out;
}

/** Septets a user data header of `octets` octets (UDHL included) occupies, fill bits included. */
export const udhSeptets = (octets: number): number => Math.ceil((octets * 8) / 7);

/** Fill bits between a user data header of `octets` octets and GSM-7 text. */
export const fillBitsAfter = (octets: number): number => (7 - ((octets * 8) % 7)) % 7;
