// Test-side encoder for SDMF/MDMF frames, written independently of the decoder (byte sums done
// here, not with the decoder's checksumOf) so the tests check the decoder against the spec.

export interface MdmfParam {
  type: number;
  value: Uint8Array | string;
}

const bytesOf = (value: Uint8Array | string): number[] =>
  typeof value === 'string' ? Array.from(value, (c) => c.charCodeAt(0)) : Array.from(value);

/** type, length (data only), data, then the byte that makes the whole frame sum to 0 mod 256. */
export function frame(type: number, data: number[]): number[] {
  const head = [type, data.length, ...data];
  const sum = head.reduce((a, b) => a + b, 0);
  return [...head, (256 - (sum % 256)) % 256];
}

export const mdmf = (params: MdmfParam[]): number[] =>
  frame(
    0x80,
    params.flatMap((p) => {
      const v = bytesOf(p.value);
      return [p.type, v.length, ...v];
    }),
  );

export const sdmf = (stamp: string, number: string): number[] => frame(0x04, bytesOf(stamp + number));

export const hex = (bytes: number[], sep = ' '): string =>
  bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(sep);
