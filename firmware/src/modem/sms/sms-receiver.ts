import type { Logger } from '../../log.js';
import { isSmsReady, type Urc } from '../at/urc.js';
import type { Modem } from '../modem.js';
import { decodePdu } from '../pdu/decode-pdu.js';
import type { SmsDeliver, SmsStatusReport } from '../pdu/pdu-types.js';
import type { InboxStore, StoreResult } from './inbox-store.js';
import type { OutboxStore, ReportResult } from './outbox-store.js';

export interface ReceiverHooks {
  /** Finds the customer an SMS sender belongs to, and its E.164 form. */
  lookup(from: string): { customerId: number | null; e164: string | null };
  stored(result: StoreResult): void;
  report(result: ReportResult): void;
}

const RETRY_STORE_MS = 5_000;

/** An entry of `+CMGL` / `+CMGR`: where it is on the SIM and its PDU. */
export interface SimEntry {
  index: number;
  /** 0 received unread, 1 received read, 2 stored unsent, 3 stored sent. */
  stat: number;
  pdu: string;
}

/**
 * Reads received messages and stored status reports off the SIM: on `+CMTI`/`+CDSI`, at every
 * (re)connection, and every few minutes in case an announcement was lost. Each is written to
 * the database first and deleted from the SIM only after; a crash in between leaves it on the
 * SIM, and the next sweep finds it already stored (same PDU hash) and just deletes it.
 */
export class SmsReceiver {
  private chain: Promise<void> = Promise.resolve();
  private sweepTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly modem: Modem,
    private readonly inbox: InboxStore,
    private readonly outbox: OutboxStore,
    private readonly log: Logger,
    private readonly hooks: ReceiverHooks,
    private readonly sweepMs = 5 * 60_000,
  ) {}

  start(): void {
    this.running = true;
    this.modem.on('ready', this.onReady);
    this.modem.on('urc', this.onUrc);
    this.sweepTimer = setInterval(() => this.enqueue(() => this.sweep()), this.sweepMs);
    this.sweepTimer.unref();
    if (this.modem.isReady) this.onReady();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.modem.off('ready', this.onReady);
    this.modem.off('urc', this.onUrc);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.chain;
  }

  /** Resolves when everything asked so far has been done (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private readonly onReady = (): void => {
    this.enqueue(() => this.sweep());
  };

  private readonly onUrc = (u: Urc): void => {
    switch (u.type) {
      case 'cmti':
      case 'cdsi':
        this.enqueue(() => this.readIndex(u.index));
        return;
      case 'cmt':
        // Only under AT+CNMI mt=2 (not what the box sets); stored all the same.
        this.handlePdu(u.pdu, u.length);
        return;
      case 'cds':
        this.handleReport(u.pdu, u.length);
        return;
      case 'ready':
        // After a modem reset the SIM store can be read only from `SMS Ready` (SIM800) / `SMS DONE` (SIM7600) on.
        if (isSmsReady(u) || u.what === 'PB DONE') this.enqueue(() => this.sweep());
        return;
      default:
        return;
    }
  };

  /** SIM operations run one after another, never two reads of the same slot at once. */
  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (!this.running || !this.modem.isReady) return;
      try {
        await job();
      } catch (err) {
        // The modem went away or refused: the next sweep (at reconnection at the latest) retries.
        this.log.warn({ err: (err as Error).message }, 'reading SMS from the SIM failed; the next sweep tries again');
      }
    });
  }

  /** Everything on the SIM (`AT+CMGL=4`), stored, then deleted one by one. */
  private async sweep(): Promise<void> {
    const r = await this.modem.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true }, timeoutMs: 30_000 });
    const entries = parseListing(r.lines, '+CMGL:');
    if (entries.length) this.log.info({ count: entries.length }, 'SMS found on the SIM');
    for (const e of entries) await this.takeEntry(e);
  }

  private async readIndex(index: number): Promise<void> {
    const r = await this.modem.run({ command: `AT+CMGR=${index}`, expect: { kind: 'prefix', prefixes: ['+CMGR:'], pduAfterHeader: true } });
    const [entry] = parseListing(r.lines, '+CMGR:', index);
    if (entry) await this.takeEntry(entry);
  }

  /** Stores one SIM entry, then deletes it. A database failure leaves it on the SIM. */
  private async takeEntry(e: SimEntry): Promise<void> {
    // Drafts and our own stored messages (stat 2, 3) are not ours to take.
    if (e.stat !== 0 && e.stat !== 1) return;
    if (!this.handlePdu(e.pdu, null)) {
      this.retrySoon();
      return;
    }
    await this.modem.run(`AT+CMGD=${e.index}`);
  }

  /** The database refused a message (busy, disk full): it stays on the SIM; look again shortly. */
  private retrySoon(): void {
    if (this.retryTimer || !this.running) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.enqueue(() => this.sweep());
    }, RETRY_STORE_MS);
    this.retryTimer.unref();
  }

  /**
   * An inline status report (`+CDS`). One that does not decode (cut short when the module lost
   * power mid-line) is logged and dropped: it is no message for the inbox, and the part it was
   * about stays as it was (sent, or unknown) rather than being guessed at.
   */
  private handleReport(pdu: string, tpduLength: number): void {
    const decoded = decodePdu(pdu, { hasSmsc: pdu.length / 2 > tpduLength });
    if (!decoded.ok || decoded.pdu.type !== 'status-report') {
      this.log.warn({ pdu, error: decoded.ok ? `a ${decoded.pdu.type}, not a status report` : decoded.error.message }, 'undecodable status report (+CDS) dropped');
      return;
    }
    try {
      this.applyReport(decoded.pdu);
    } catch (err) {
      this.log.error({ err }, 'could not apply a status report');
    }
  }

  /** Decodes and stores a PDU; true when it is safely in the database (or already was). */
  private handlePdu(pdu: string, tpduLength: number | null): boolean {
    // `<length>` counts the TPDU only: more octets than that means the SMSC field leads.
    const hasSmsc = tpduLength === null ? true : pdu.length / 2 > tpduLength;
    let decoded = decodePdu(pdu, { hasSmsc });
    if (!decoded.ok && tpduLength === null) {
      const retry = decodePdu(pdu, { hasSmsc: false });
      if (retry.ok) decoded = retry;
    }
    try {
      if (!decoded.ok) {
        this.log.warn({ pdu, error: decoded.error }, 'undecodable SMS PDU kept in the inbox');
        this.hooks.stored(this.inbox.storeUndecodable(pdu, `${decoded.error.code}: ${decoded.error.message}`));
        return true;
      }
      const p = decoded.pdu;
      if (p.type === 'deliver') return this.storeDeliver(pdu, p);
      if (p.type === 'status-report') return this.applyReport(p);
      this.log.info({ type: p.type }, 'ignoring a stored SMS-SUBMIT');
      return true;
    } catch (err) {
      this.log.error({ err }, 'could not store a received SMS; it stays on the SIM');
      return false;
    }
  }

  private storeDeliver(pdu: string, p: SmsDeliver): boolean {
    const who = this.hooks.lookup(p.originator.number);
    const result = this.inbox.storeDeliver(pdu, p, who.customerId, who.e164);
    this.hooks.stored(result);
    return true;
  }

  private applyReport(p: SmsStatusReport): boolean {
    const r = this.outbox.applyReport(p.messageRef, p.statusClass, p.status, p.statusText);
    if (r) this.hooks.report(r);
    else this.log.info({ mr: p.messageRef, status: p.statusText }, 'status report for no known message');
    return true;
  }
}

/**
 * The entries of a `+CMGL`/`+CMGR` answer: each header is followed by its PDU line (the AT
 * channel pairs them: classify.ts). A PDU that does not decode is kept (stored as undecodable
 * rather than left to fill the SIM); a header whose PDU never came (the next line is another
 * header, or none) is skipped: the message stays on the SIM for the next sweep.
 * `+CMGL: <index>,<stat>,[<alpha>],<length>`; `+CMGR: <stat>,[<alpha>],<length>`.
 */
export function parseListing(lines: readonly string[], prefix: '+CMGL:' | '+CMGR:', index?: number): SimEntry[] {
  const out: SimEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith(prefix)) continue;
    const pdu = lines[i + 1];
    if (pdu === undefined || pdu.startsWith(prefix)) continue;
    i++;
    const fields = line.slice(prefix.length).split(',').map((f) => f.trim());
    const nums = prefix === '+CMGL:' ? { index: Number(fields[0]), stat: Number(fields[1]) } : { index: index ?? -1, stat: Number(fields[0]) };
    if (!Number.isInteger(nums.index) || !Number.isInteger(nums.stat) || pdu === undefined) continue;
    out.push({ ...nums, pdu });
  }
  return out;
}
