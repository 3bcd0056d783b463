/**
 * The simulated SIM's message store: PDU hex by index, with the 27.005 message status
 * (0 received unread, 1 received read, 2 stored unsent, 3 stored sent).
 */
export type MessageStat = 0 | 1 | 2 | 3;

export interface StoredMessage {
  index: number;
  stat: MessageStat;
  /** Full PDU hex including the SMSC part, as AT+CMGR prints it. */
  pdu: string;
}

export class SimStore {
  private readonly messages = new Map<number, StoredMessage>();

  constructor(readonly capacity = 30) {}

  get used(): number {
    return this.messages.size;
  }

  /** Stores at the lowest free index (1-based); null when the SIM is full. */
  add(pdu: string, stat: MessageStat = 0): number | null {
    for (let i = 1; i <= this.capacity; i++) {
      if (!this.messages.has(i)) {
        this.messages.set(i, { index: i, stat, pdu: pdu.toUpperCase() });
        return i;
      }
    }
    return null;
  }

  get(index: number): StoredMessage | undefined {
    const m = this.messages.get(index);
    return m ? { ...m } : undefined;
  }

  /** Reading a received unread message marks it read, as a modem does. */
  read(index: number): StoredMessage | undefined {
    const m = this.messages.get(index);
    if (!m) return undefined;
    const copy = { ...m };
    if (m.stat === 0) m.stat = 1;
    return copy;
  }

  /** Messages with this stat (4 = all), by index; marks unread ones read. */
  list(stat: MessageStat | 4): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const i of [...this.messages.keys()].sort((a, b) => a - b)) {
      const m = this.messages.get(i)!;
      if (stat === 4 || m.stat === stat) {
        out.push({ ...m });
        if (m.stat === 0) m.stat = 1;
      }
    }
    return out;
  }

  delete(index: number): boolean {
    return this.messages.delete(index);
  }

  /** AT+CMGD=<i>,<flag>: 1 read, 2 read+sent, 3 read+sent+unsent, 4 all. */
  deleteByFlag(flag: 1 | 2 | 3 | 4): void {
    const doomed: Record<number, MessageStat[]> = { 1: [1], 2: [1, 3], 3: [1, 2, 3], 4: [0, 1, 2, 3] };
    for (const m of [...this.messages.values()]) {
      if (doomed[flag]!.includes(m.stat)) this.messages.delete(m.index);
    }
  }

  all(): StoredMessage[] {
    return [...this.messages.values()].sort((a, b) => a.index - b.index).map((m) => ({ ...m }));
  }
}

/** The TPDU length AT+CMGS/+CMGR/+CMT count: all octets minus the SMSC part. */
export function tpduLength(pduHex: string): number | null {
  if (!/^([0-9A-Fa-f]{2})+$/.test(pduHex)) return null;
  const octets = pduHex.length / 2;
  const smscLen = parseInt(pduHex.slice(0, 2), 16);
  const len = octets - 1 - smscLen;
  return len > 0 ? len : null;
}
