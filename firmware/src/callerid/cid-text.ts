// Byte strings inside SDMF/MDMF. Numbers are ASCII digits. Names are ASCII in Bellcore and
// ETSI, but Chinese exchanges (YD/T 1277.1) may send GB2312 names; we try strict UTF-8, then
// GB18030 (a superset of GB2312), then fall back to Latin-1 so a name never fails the decode.

export const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    // Malformed for this encoding, or the runtime lacks it (Node built with small-icu).
    return null;
  }
}

export function decodeName(bytes: Uint8Array): string {
  if (bytes.every((b) => b < 0x80)) return latin1(bytes);
  return tryDecode('utf-8', bytes) ?? tryDecode('gb18030', bytes) ?? latin1(bytes);
}
