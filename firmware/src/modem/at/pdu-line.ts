/**
 * What a PDU line looks like, for pairing headers (`+CMGL:`, `+CMGR:`, `+CDS:`, `+CMT:`) with
 * the line that carries their PDU. Pure. In PDU mode (AT+CMGF=0, the only mode the box uses) a
 * PDU is always an even number of hex digits, so no unsolicited code, final result or other
 * answer can be mistaken for one, and one can tell whose PDU a line is by its length and type.
 */

/** An even, non-empty run of hex digits. */
export function isPduLine(line: string): boolean {
  return line.length >= 2 && line.length % 2 === 0 && /^[0-9A-Fa-f]+$/.test(line);
}

/**
 * The TP-MTI a header's PDU must carry: SMS-DELIVER (0) after `+CMT:`, SMS-STATUS-REPORT (2)
 * after `+CDS:`; null (any) for a listing entry, which may be a message or a stored report.
 */
export type PduKind = 0 | 2 | null;

/**
 * Whether `line` can be the PDU a header announced: `<length>` counts the TPDU only (27.005),
 * and the line may lead with the SMSC address (length octet + address) or not. With `mti`, the
 * TPDU's first octet must say that message type. `length` null: any PDU line fits.
 */
export function pduFits(line: string, length: number | null, mti: PduKind): boolean {
  if (!isPduLine(line)) return false;
  if (length === null) return true;
  const octets = line.length / 2;
  const octet = (i: number) => parseInt(line.slice(2 * i, 2 * i + 2), 16);
  // Where the TPDU may start: at once, or after an SMSC field whose length octet says so.
  const starts = [0, 1 + octet(0)].filter((start) => octets - start === length);
  return starts.some((start) => start < octets && (mti === null || (octet(start) & 0x03) === mti));
}

/** The `<length>` of a `+CMGL:`/`+CMGR:` header in PDU mode: its last field; null when it has none. */
export function listingLength(header: string): number | null {
  const last = header.slice(header.lastIndexOf(',') + 1).trim();
  return header.includes(',') && /^\d+$/.test(last) ? Number(last) : null;
}
