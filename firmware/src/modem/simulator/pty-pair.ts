import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A pseudo-terminal pair made by socat: bytes written to one end come out of the other, as
 * on a serial cable. Both ends are reachable through stable symlinks (`<dir>/modem` for the
 * daemon, `<dir>/sim` for the simulator) that survive a restart of the pair.
 */
export interface PtyPair {
  readonly modemPath: string;
  readonly simPath: string;
  /** Whether socat is running. */
  readonly running: boolean;
  /** Starts socat (again) and waits until both links exist. */
  start(): Promise<void>;
  /** Kills socat: both ends disappear, as when a USB modem is unplugged. */
  stop(): Promise<void>;
}

export interface PtyPairOptions {
  dir: string;
  /** How long to wait for socat to create both links. */
  startTimeoutMs?: number;
  socatPath?: string;
}

// socat children still running. If the process ends without stopping them (an uncaught error,
// process.exit), they are killed on the way out rather than left running on their own.
const living = new Set<ChildProcess>();
let exitHook = false;
function track(proc: ChildProcess): void {
  living.add(proc);
  proc.once('exit', () => living.delete(proc));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of living) p.kill('SIGTERM');
  });
}

export function createPtyPair(options: PtyPairOptions): PtyPair {
  const modemPath = join(options.dir, 'modem');
  const simPath = join(options.dir, 'sim');
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stderr = '';

  async function start(): Promise<void> {
    if (child) return;
    await mkdir(options.dir, { recursive: true });
    // Stale links from a killed run would make us believe socat is ready.
    await rm(modemPath, { force: true });
    await rm(simPath, { force: true });
    stderr = '';
    const proc = spawn(
      options.socatPath ?? 'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${modemPath}`, `pty,raw,echo=0,link=${simPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    track(proc);
    let spawnError: Error | null = null;
    exited = new Promise((resolve) => {
      proc.once('error', (e) => {
        spawnError = e;
        resolve();
      });
      proc.once('exit', () => resolve());
    });
    void exited.then(() => {
      if (child === proc) child = null;
    });
    proc.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (!(await linked(modemPath)) || !(await linked(simPath))) {
      if (spawnError || child !== proc) {
        throw new Error(`socat failed to start: ${spawnError ? (spawnError as Error).message : stderr.trim()}`);
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`socat did not create ${modemPath} and ${simPath} in time: ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    const killer = setTimeout(() => proc.kill('SIGKILL'), 2000);
    proc.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
    child = null;
  }

  return {
    modemPath,
    simPath,
    get running() {
      return child !== null;
    },
    start,
    stop,
  };
}

/** True when `path` is a symlink whose target exists. */
async function linked(path: string): Promise<boolean> {
  try {
    if (!(await lstat(path)).isSymbolicLink()) return false;
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
