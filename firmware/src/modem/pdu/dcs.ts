// TP-Data-Coding-Scheme (3GPP TS 23.038 §4): which alphabet the user data is in, and the
// message class and message-waiting flags that ride along.

export type Alphabet = 'gsm7' | '8bit' | 'ucs2';

export type MessageWaitingKind = 'voicemail' | 'fax' | 'email' | 'other';

export interface Dcs {
  raw: number;
  alphabet: Alphabet;
  /** 0 flash (show at once), 1 ME-specific, 2 SIM-specific, 3 TE-specific; null when not given. */
  messageClass: 0 | 1 | 2 | 3 | null;
  /** Compressed user data (TS 23.042): we do not decompress; the data is passed on raw. */
  compressed: boolean;
  /** Coding group 01xx: the receiver should delete the message once read. */
  autoDelete: boolean;
  /** Coding groups 1100-1110: a message-waiting indication (voicemail etc.). */
  messageWaiting: { active: boolean; kind: MessageWaitingKind; store: boolean } | null;
  /** A reserved coding group or alphabet: read as GSM-7, as TS 23.038 tells a receiver to. */
  reserved: boolean;
}

const ALPHABETS: readonly (Alphabet | null)[] = ['gsm7', '8bit', 'ucs2', null];
const WAITING: readonly MessageWaitingKind[] = ['voicemail', 'fax', 'email', 'other'];

const klass = (dcs: number): 0 | 1 | 2 | 3 => (dcs & 3) as 0 | 1 | 2 | 3;

export function decodeDcs(raw: number): Dcs {
  const base: Dcs = { raw, alphabet: 'gsm7', messageClass: null, compressed: false, autoDelete: false, messageWaiting: null, reserved: false };
  const group = raw >> 4;
  if (group <= 7) {
    // 00xx general data coding, 01xx the same with automatic deletion.
    const alphabet = ALPHABETS[(raw >> 2) & 3] ?? null;
    return {
      ...base,
      alphabet: alphabet ?? 'gsm7',
      reserved: alphabet === null,
      messageClass: raw & 0x10 ? klass(raw) : null,
      compressed: (raw & 0x20) !== 0,
      autoDelete: (raw & 0x40) !== 0,
    };
  }
  if (group >= 0xc && group <= 0xe) {
    // 1100 discard, 1101 store (GSM-7), 1110 store (UCS-2).
    const kind = WAITING[raw & 3] ?? 'other';
    return { ...base, alphabet: group === 0xe ? 'ucs2' : 'gsm7', messageWaiting: { active: (raw & 8) !== 0, kind, store: group !== 0xc } };
  }
  if (group === 0xf) return { ...base, alphabet: raw & 4 ? '8bit' : 'gsm7', messageClass: klass(raw) };
  return { ...base, reserved: true }; // 1000-1011
}

/** The DCS octet we send: general data coding, no class, uncompressed. */
export const DCS_FOR: Readonly<Record<Alphabet, number>> = { gsm7: 0x00, '8bit': 0x04, ucs2: 0x08 };
