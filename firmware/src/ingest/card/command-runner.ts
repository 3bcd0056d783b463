// Running the system tools that find and mount disks (lsblk, blkid, mount, umount, FUSE
// helpers). Injected everywhere as a function so tests can record or replace it, and so the
// daemon never goes through a shell: every argument is one argv element.
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when the program could not start, was killed or timed out. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (argv: readonly string[], opts?: { timeoutMs?: number }) => Promise<CommandResult>;

const OUTPUT_CAP = 4 * 1024 * 1024;
/** After the process exits, how long to wait for its pipes to close before answering. */
const PIPE_GRACE_MS = 200;

/**
 * Runs a program without a shell and never rejects: a missing program or a timeout comes back
 * as `code: null` with the reason in stderr.
 *
 * Answers when the process exits, not when its pipes close: a FUSE mount helper forks a daemon
 * that may keep our stdout open for as long as the card stays mounted.
 */
export const execRunner: CommandRunner = (argv, opts = {}) =>
  new Promise((resolve) => {
    const [cmd, ...args] = argv;
    if (!cmd) {
      resolve({ code: null, stdout: '', stderr: 'empty command' });
      return;
    }
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let stdout = '';
    let stderr = '';
    let settled = false;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const finish = (code: number | null, extra?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, stdout, stderr: extra ? `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}${extra}` : stderr });
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < OUTPUT_CAP) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < OUTPUT_CAP) stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(null, `${cmd}: timed out after ${timeoutMs} ms`);
    }, timeoutMs);
    child.on('error', (err) => finish(null, `${cmd}: ${err.message}`));
    child.on('close', (code) => finish(code));
    child.on('exit', (code) => {
      setTimeout(() => finish(code), PIPE_GRACE_MS).unref();
    });
  });

/** A command that failed, with what it printed: the message is what the status page shows. */
export class CommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
  ) {
    const said = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' / ');
    super(`${argv.join(' ')} failed${result.code === null ? '' : ` (exit ${result.code})`}${said ? `: ${said}` : ''}`);
    this.name = 'CommandError';
  }
}

/** Runs and returns stdout; throws CommandError unless the exit code is 0. */
export async function runChecked(run: CommandRunner, argv: readonly string[], opts?: { timeoutMs?: number }): Promise<string> {
  const r = await run(argv, opts);
  if (r.code !== 0) throw new CommandError(argv, r);
  return r.stdout;
}
