import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';

/**
 * The narrow seam between the AT channel and the bytes: a real serial port in production and
 * in the pty tests, an in-memory fake for exact-byte unit tests.
 */
export interface AtTransport {
  /** Human-readable name for logs and errors (the device path). */
  readonly name: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Closes; resolves also when it was not open. Emits 'close' (once) if it was. */
  close(): Promise<void>;
  /** Writes bytes; rejects if the port is not open or the write failed. */
  write(data: Uint8Array): Promise<void>;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  /** After close: `error` is set when the port vanished rather than being closed by us. */
  on(event: 'close', listener: (error: Error | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  off(event: 'data' | 'close' | 'error', listener: (...args: any[]) => void): this;
}

export interface SerialTransportOptions {
  path: string;
  baudRate?: number;
}

/** `AtTransport` over node-serialport (also works on a pseudo-terminal). */
export class SerialTransport extends EventEmitter implements AtTransport {
  private port: SerialPort | null = null;

  constructor(private readonly options: SerialTransportOptions) {
    super();
  }

  get name(): string {
    return this.options.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  open(): Promise<void> {
    if (this.port) return Promise.reject(new Error(`${this.name}: already open`));
    return new Promise((resolve, reject) => {
      const port = new SerialPort({
        path: this.options.path,
        baudRate: this.options.baudRate ?? 115200,
        autoOpen: false,
      });
      port.open((err) => {
        if (err) {
          reject(new Error(`${this.name}: cannot open: ${err.message}`));
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.emit('data', chunk));
        // A stream error after open (a failed write, a read error) is reported, not thrown.
        // Nobody may be listening any more (the channel let go after the port vanished): an
        // 'error' emitted then would be thrown, so it is dropped instead.
        port.on('error', (e: Error) => {
          if (this.listenerCount('error') > 0) this.emit('error', e);
        });
        port.on('close', (e: (Error & { disconnected?: boolean }) | null) => {
          if (this.port === port) this.port = null;
          this.emit('close', e?.disconnected ? new Error(`${this.name}: port disappeared (${e.message})`) : null);
        });
        resolve();
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.resolve();
    return new Promise((resolve) => {
      port.close(() => resolve());
    });
  }

  write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.reject(new Error(`${this.name}: port is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(data), (err) => {
        if (err) reject(new Error(`${this.name}: write failed: ${err.message}`));
        else resolve();
      });
    });
  }
}
