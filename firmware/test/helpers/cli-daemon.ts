// The built `studio-box serve` in a child process, as a person starts it, for CLI tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '../../..');
export const bin = join(root, 'dist/firmware/src/cli.js');

/** Builds the bin when this checkout has not (it is built by `npm install`). */
export function ensureBuilt(): void {
  if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), 'firmware'], { stdio: 'inherit' });
}

const baseEnv = () => ({ PATH: process.env.PATH ?? '' });

/** One command in `cwd` (its ./data is the box's), to its end. */
export const runIn = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...baseEnv(), ...env } });

export interface Daemon {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Waits for stdout to match; returns the match. */
  waitOut(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export function serve(cwd: string, args: string[] = [], env: Record<string, string> = {}): Daemon {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd, env: { ...baseEnv(), STUDIO_BOX_HTTP__HOST: '127.0.0.1', ...env } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitOut: (re, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            child.stdout!.off('data', check);
            resolve(m);
          }
        };
        const timer = setTimeout(() => reject(new Error(`stdout never matched ${re}: ${out}\nstderr: ${err}`)), timeoutMs);
        child.stdout!.on('data', check);
        void exited.then(() => setTimeout(() => reject(new Error(`the box exited: ${out}\nstderr: ${err}`)), 100));
        check();
      }),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Processes (other than this one) whose command line mentions `text`: a leftover socat would. */
export function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(text)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
