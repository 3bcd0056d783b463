// What the crash tests share: the built `studio-box serve` started on a box directory and
// SIGKILLed at random moments, seeded randomness so a failure can be replayed, and a time zone
// where "today" and "tomorrow" cannot change while a test runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { bin } from './cli-daemon.js';

/** A linear congruential generator: the same seed, the same kills. */
export function seeded(seed: number): { rand(): number; between(lo: number, hi: number): number } {
  let s = seed % 2 ** 31;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return { rand, between: (lo, hi) => Math.floor(lo + rand() * (hi - lo)) };
}

/**
 * A fixed-offset zone where it is now about noon, so "today" and "tomorrow" cannot change while
 * the test runs (Etc/GMT-8 is UTC+8: the sign is inverted).
 */
export function noonZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 12) offset -= 24;
  if (offset < -11) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/**
 * The daemon on `dir`'s data directory, with an HTTP port the system picks and, unless `env`
 * says otherwise (a serial modem, faster SMS timings), no modem.
 */
export function startDaemon(dir: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, 'serve'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      STUDIO_BOX_DATA_DIR: join(dir, 'data'),
      STUDIO_BOX_HTTP__HOST: '127.0.0.1',
      STUDIO_BOX_HTTP__PORT: '0',
      STUDIO_BOX_LOG__LEVEL: 'error',
      STUDIO_BOX_MODEM__KIND: 'none',
      ...env,
    },
  });
}

export const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** The daemon's stderr as it comes, for a failure's message. */
export function stderrOf(child: ChildProcess): () => string {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return () => stderr;
}
