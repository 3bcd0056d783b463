import type { AtTransport } from '../at/transport.js';

/**
 * What the simulated modem writes, in order: whole, or (habit) in chunks of 1..n bytes with
 * small pauses, as a real UART at 115200 baud behind a busy module delivers it. It also holds
 * unsolicited lines back to slip them into the next response or prompt.
 */
export class SimOutput {
  private queue: Buffer[] = [];
  private pumping = false;
  private timer: NodeJS.Timeout | null = null;
  /** URC lines waiting for a response or prompt to slip into. */
  private held: string[] = [];
  private heldTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly transport: () => AtTransport | null,
    private readonly random: () => number,
    private readonly opt: () => { maxChunkBytes: number; chunkDelayMs: number },
  ) {}

  /** Listeners to the lines that really went out (ModemSimulator.onOutputLine); the part line so far. */
  private readonly lineListeners = new Set<(line: string) => void>();
  private partLine = '';

  /** Calls `listener` with each line that went out on the port; returns the unsubscribe. */
  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  write(bytes: Buffer): void {
    if (this.opt().maxChunkBytes <= 0 && !this.pumping && this.queue.length === 0) {
      this.send(bytes);
      return;
    }
    this.queue.push(bytes);
    if (!this.pumping) this.pump();
  }

  /** True while URC lines are held back (later ones wait behind them: order is kept). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Holds a URC to slip into the next response; written on its own after `maxWaitMs` if none comes. */
  hold(lines: string[], maxWaitMs: number): void {
    this.held.push(...lines);
    if (!this.heldTimer) {
      this.heldTimer = setTimeout(() => {
        this.heldTimer = null;
        const lines = this.takeHeld();
        if (lines.length) this.write(frame(lines));
      }, maxWaitMs);
    }
  }

  /** The held URC lines (now owned by the caller). */
  takeHeld(): string[] {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = null;
    return this.held.splice(0);
  }

  /** Forgets everything not yet written (the module lost power). */
  clear(): void {
    this.queue = [];
    this.held = [];
    if (this.timer) clearTimeout(this.timer);
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.timer = null;
    this.heldTimer = null;
    this.pumping = false;
  }

  private send(bytes: Buffer): void {
    const t = this.transport();
    if (!t) return;
    t.write(bytes).catch(() => undefined);
    if (this.lineListeners.size === 0) return;
    const lines = (this.partLine + bytes.toString('latin1')).split(/\r\n|\r|\n/);
    this.partLine = lines.pop()!;
    for (const line of lines) if (line !== '') for (const l of this.lineListeners) l(line);
  }

  private pump(): void {
    const head = this.queue[0];
    if (!head) {
      this.pumping = false;
      return;
    }
    this.pumping = true;
    const { maxChunkBytes, chunkDelayMs } = this.opt();
    const n = maxChunkBytes <= 0 ? head.length : Math.min(head.length, 1 + Math.floor(this.random() * maxChunkBytes));
    this.send(head.subarray(0, n));
    if (n === head.length) this.queue.shift();
    else this.queue[0] = head.subarray(n);
    const delay = Math.floor(this.random() * (chunkDelayMs + 1));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }
}

/** Lines as a modem frames them: each between CRLFs. */
export function frame(lines: string[]): Buffer {
  return Buffer.from(lines.map((l) => `\r\n${l}\r\n`).join(''), 'latin1');
}
