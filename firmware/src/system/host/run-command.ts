// Runs a program the box may or may not have (vcgencmd, smartctl, journalctl), without a
// shell. A program that is not installed is `missing`, not an error: the System page says
// "not available here". Tests inject a runner that answers with recorded outputs.
import { execFile } from 'node:child_process';

export type CommandResult = { missing: true } | { missing: false; code: number; stdout: string; stderr: string };

export type CommandRunner = (argv: readonly string[], opts?: { timeoutMs?: number }) => Promise<CommandResult>;

export const runCommand: CommandRunner = (argv, opts = {}) =>
  new Promise((resolve) => {
    const [cmd, ...args] = argv;
    execFile(cmd!, args, { timeout: opts.timeoutMs ?? 10_000, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number; killed?: boolean }) | null;
      if (e && e.code === 'ENOENT') return resolve({ missing: true });
      const code = e ? (typeof e.code === 'number' ? e.code : e.killed ? 124 : 1) : 0;
      resolve({ missing: false, code, stdout, stderr: stderr || (e && typeof e.code !== 'number' ? e.message : '') });
    });
  });

/** "…/helper smart {device}" (the root helper over its socket) → argv, split before filling in; no shell. */
export function commandArgv(template: string, fill: Record<string, string>): string[] {
  return template
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/\{(\w+)\}/g, (m, k: string) => fill[k] ?? m));
}
