import { EventEmitter } from 'node:events';
import type { AtTransport } from '../../../src/modem/at/transport.js';

/** An in-memory transport: records what the channel writes, lets the test play the modem. */
export class FakeTransport extends EventEmitter implements AtTransport {
  readonly name = 'fake';
  isOpen = true;
  readonly written: Buffer[] = [];
  /** Called on every write, to answer like a modem would. */
  onWrite: ((text: string) => void) | null = null;

  async open(): Promise<void> {
    this.isOpen = true;
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.emit('close', null);
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new Error('fake: not open');
    const buf = Buffer.from(data);
    this.written.push(buf);
    this.onWrite?.(buf.toString('latin1'));
  }

  /** The modem sends these bytes. */
  feed(data: string | Buffer): void {
    this.emit('data', typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** The port vanishes. */
  vanish(): void {
    this.isOpen = false;
    this.emit('close', new Error('fake: port disappeared'));
  }

  writtenText(): string {
    return Buffer.concat(this.written).toString('latin1');
  }
}
