// The daemon under systemd's notify protocol: a real unix datagram socket stands in for
// systemd's, the built `studio-box serve` talks to it as it would on the Pi.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchdogIntervalMs } from '../../src/system/sd-notify.js';
import { ensureBuilt, serve } from '../helpers/cli-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-notify-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

describe('watchdogIntervalMs', () => {
  it('is half of WATCHDOG_USEC, for this process only', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 7)).toBe(15_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' }, 7)).toBe(15_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '8' }, 7)).toBeNull();
    expect(watchdogIntervalMs({}, 7)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '0' }, 7)).toBeNull();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: 'soon' }, 7)).toBeNull();
  });
});

interface DgramServer {
  on(event: 'message', fn: (buf: Buffer) => void): void;
  bind(path: string): void;
  close(): void;
}

describe('studio-box serve with NOTIFY_SOCKET', () => {
  it('says READY=1 when it serves, pings the watchdog, and says STOPPING=1', async () => {
    const cwd = mkdtempSync(join(scratch, 'box-'));
    const sockPath = join(scratch, 'notify.sock');
    const require = createRequire(import.meta.url);
    const sock = (require('unix-dgram') as { createSocket(t: string): DgramServer }).createSocket('unix_dgram');
    const messages: string[] = [];
    sock.on('message', (buf) => messages.push(buf.toString()));
    sock.bind(sockPath);
    const box = serve(cwd, [], { NOTIFY_SOCKET: sockPath, WATCHDOG_USEC: '200000', STUDIO_BOX_MODEM__KIND: 'none' });
    try {
      await waitFor(() => messages.some((m) => m.startsWith('READY=1')), 'READY=1', 60_000);
      const url = (await box.waitOut(/Open (http:\/\/\S+) in a browser/))[1]!;
      expect((await fetch(new URL('/api/health', url))).status).toBe(200);
      const ready = messages.find((m) => m.startsWith('READY=1'))!;
      expect(ready).toMatch(/^STATUS=serving on port \d+$/m);
      expect(ready).toMatch(new RegExp(`^MAINPID=${box.child.pid}$`, 'm'));
      await waitFor(() => messages.filter((m) => m === 'WATCHDOG=1').length >= 3, 'three watchdog pings', 30_000);
      expect(await box.stop()).toBe(0);
      expect(messages.at(-1)).toBe('STOPPING=1');
      // Nothing before READY: systemd would otherwise count the box as up too early.
      expect(messages.findIndex((m) => m.startsWith('READY=1'))).toBe(0);
    } finally {
      box.child.kill('SIGKILL');
      sock.close();
    }
  }, 120_000);
});
