// systemd's notify protocol (sd_notify(3)) for `Type=notify` with `WatchdogSec=`: READY=1 once
// the box answers, WATCHDOG=1 while its event loop runs, STOPPING=1 on the way out. Node has no
// unix datagram sockets, so the datagrams go through unix-dgram (a small native addon). Outside
// systemd (NOTIFY_SOCKET unset) nothing is sent and nothing is loaded.
import { createRequire } from 'node:module';
import type { Logger } from '../log.js';

interface DgramSocket {
  on(event: 'error', fn: (err: Error) => void): void;
  send(buf: Buffer, offset: number, length: number, path: string, cb?: (err?: Error) => void): void;
  close(): void;
}

export interface SystemdNotifier {
  ready(status: string): void;
  stopping(): void;
  close(): void;
}

/**
 * The watchdog interval systemd asked for, in ms (half of WATCHDOG_USEC, as sd_watchdog_enabled
 * advises), or null when there is none or it is meant for another process (WATCHDOG_PID).
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.WATCHDOG_USEC || !Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  return Math.max(1, Math.floor(usec / 2000));
}

export function systemdNotifier(env: NodeJS.ProcessEnv, log: Logger): SystemdNotifier | null {
  const path = env.NOTIFY_SOCKET;
  if (!path) return null;
  if (path.startsWith('@')) {
    // unix-dgram copies the path as a C string: an abstract socket's leading NUL cannot pass.
    log.warn({ path }, 'NOTIFY_SOCKET is an abstract socket, which this build cannot reach: no readiness or watchdog messages');
    return null;
  }
  const require = createRequire(import.meta.url);
  const socket = (require('unix-dgram') as { createSocket(type: 'unix_dgram'): DgramSocket }).createSocket('unix_dgram');
  socket.on('error', (err) => log.warn({ err }, 'a message to systemd failed'));
  const send = (text: string) => {
    const buf = Buffer.from(text);
    socket.send(buf, 0, buf.length, path, (err) => {
      if (err) log.warn({ err, text }, 'a message to systemd failed');
    });
  };
  // The ping comes from a timer of the main event loop: a loop that hangs stops it, and
  // systemd kills and restarts the box after WatchdogSec.
  const interval = watchdogIntervalMs(env, process.pid);
  let timer: NodeJS.Timeout | null = null;
  return {
    ready(status) {
      send(`READY=1\nSTATUS=${status.replace(/\n/g, ' ')}\nMAINPID=${process.pid}`);
      if (interval !== null && !timer) {
        timer = setInterval(() => send('WATCHDOG=1'), interval);
        timer.unref();
      }
    },
    stopping() {
      if (timer) clearInterval(timer);
      timer = null;
      send('STOPPING=1');
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      socket.close();
    },
  };
}
