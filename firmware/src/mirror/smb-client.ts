// Talking to the studio PC's shared folder through Samba's own `smbclient`.
//
// Why not the npm package samba-client (the design card's choice): it passes the password on
// smbclient's command line (`--password …`), where every user of the box sees it in `ps`, and
// it sends commands through `-c`, where a `;` in a file name splits the command. Here the
// credentials go in an authentication file only the daemon can read (`-A`, mode 0600,
// share-settings.ts) and the commands are written to smbclient's standard input, one a line.
// It is the same smbclient underneath.
//
// Every remote operation is one smbclient process; its output is read by smb-output.ts.
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { posix } from 'node:path';
import type { ShareTestResult, ShareTestStep } from '../api/mirror.js';
import { ShareError } from './smb-errors.js';
import { failuresIn, namesFromLs, SHARE_WIDE, sizeFromAllinfo, utf8Pipe } from './smb-output.js';
import { smbclientEnv } from './smbclient-env.js';
import { SmbSession } from './smb-session.js';
import { ShareSession } from './share-session.js';
import type { ShareAddress } from './share-address.js';

export { ShareError, ShareSession };

export interface SmbTarget extends ShareAddress {
  port: number;
  /** smbclient's authentication file (username, password, domain), mode 0600. */
  authFile: string;
}

export interface SmbOptions {
  program?: string;
  /** smbclient's timeout per operation (default 30 s). */
  timeoutSeconds?: number;
  /** smbclient's -R: how names are found (default "lmhosts host wins bcast": DNS, then NetBIOS). */
  nameResolveOrder?: string;
}

/** smbclient's quoting: double quotes around every name; a name with a quote or a line break cannot be said. */
export function quoteName(name: string): string {
  if (/["\r\n\u0000]/.test(name)) throw new ShareError('bad_name', `the name ${JSON.stringify(name)} cannot be sent to the share`);
  return `"${name}"`;
}

/** The folders to create for `path` (each prefix), e.g. a, a/b for a/b/c.jpg. */
export function parentsOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** What the share says for a name that is not there. */
const NOT_THERE = new Set(['NT_STATUS_OBJECT_NAME_NOT_FOUND', 'NT_STATUS_OBJECT_PATH_NOT_FOUND', 'NT_STATUS_NO_SUCH_FILE']);

const PROBE_PREFIX = '.studio-box-probe-';
/** The temporary name a file is written under before it is renamed to its own. */
export const MIRROR_TEMP_PREFIX = '.studio-box-mirror-';

export interface RunResult {
  output: string;
  code: number | null;
  timedOut: boolean;
}

export class SmbClient {
  constructor(
    private readonly target: SmbTarget,
    private readonly opts: SmbOptions = {},
  ) {}

  /** The host's address: DNS first; a NetBIOS name DNS does not know is left to smbclient's own lookup. */
  private async hostArgs(): Promise<string[]> {
    const h = this.target.host;
    if (isIP(h)) return ['-I', h];
    try {
      const a = await lookup(h);
      return ['-I', a.address];
    } catch {
      return [];
    }
  }

  private async args(): Promise<string[]> {
    const t = this.target;
    return [`//${t.host}/${t.share}`, '-p', String(t.port), '-A', t.authFile, '-t', String(this.opts.timeoutSeconds ?? 30), '-R', this.opts.nameResolveOrder ?? 'lmhosts host wins bcast', ...(await this.hostArgs())];
  }

  /** One logged-in session for many operations (the mirror's batches); close it when done. */
  async session(): Promise<ShareSession> {
    const s = await SmbSession.open({ program: this.opts.program ?? 'smbclient', args: await this.args() }, (this.opts.timeoutSeconds ?? 30) * 1000 + 5000);
    return new ShareSession(s, this.opts.timeoutSeconds ?? 30);
  }

  /** One operation in a session of its own: the output, or the time-out as an error. */
  private readonly once: Exec = async (commands, timeoutMs) => {
    const r = await this.run(commands, timeoutMs);
    if (r.timedOut) throw new ShareError('timeout', 'smbclient did not finish in time');
    if (r.code === null && failuresIn(r.output).length === 0) throw new ShareError('other', r.output.trim().split('\n').at(-1) ?? 'smbclient could not run');
    return r.output;
  };

  /** Runs commands in one smbclient session. Never rejects for smbclient's own failures. */
  async run(commands: string[], timeoutMs = (this.opts.timeoutSeconds ?? 30) * 1000): Promise<RunResult> {
    const args = await this.args();
    return await new Promise<RunResult>((resolve) => {
      const child = spawn(this.opts.program ?? 'smbclient', args, { stdio: ['pipe', 'pipe', 'pipe'], env: smbclientEnv() });
      let output = '';
      let timedOut = false;
      const add = (text: string) => {
        if (output.length < 1 << 20) output += text;
      };
      child.stdout.on('data', utf8Pipe(add));
      child.stderr.on('data', utf8Pipe(add));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve({ output: `${output}smbclient: ${err.message}\n`, code: null, timedOut });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ output, code, timedOut });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(commands.join('\n') + '\n');
    });
  }

  /** Runs and throws the first failure (a connection failure, or any command's). */
  private async must(commands: string[], timeoutMs?: number): Promise<string> {
    const r = await this.run(commands, timeoutMs);
    if (r.timedOut) throw new ShareError('timeout', 'smbclient did not finish in time');
    const f = failuresIn(r.output)[0];
    if (f) throw ShareError.of(f);
    if (r.code === null) throw new ShareError('other', r.output.trim().split('\n').at(-1) ?? 'smbclient could not run');
    return r.output;
  }

  /** The size of a file on the share; null when it is not there. */
  async sizeOf(remote: string): Promise<number | null> {
    return await sizeOfWith(this.once, remote, this.opts.timeoutSeconds ?? 30);
  }

  /** `uploadWith` in a session of its own (two smbclient runs). */
  async upload(local: string, remote: string, size: number, tempTag: string): Promise<number> {
    return await uploadWith(this.once, local, remote, size, tempTag, (this.opts.timeoutSeconds ?? 30) * 1000);
  }

  /** Copies a file from the share to `local` (which must not exist). */
  async download(remote: string, local: string, size: number): Promise<void> {
    await this.must([`get ${quoteName(remote)} ${quoteName(local)}`], 60_000 + size / 1000);
  }

  async remove(remote: string): Promise<void> {
    await this.must([`del ${quoteName(remote)}`]);
  }

  /** Names matching a pattern (`folder/prefix*`); none when the folder is not there. */
  async list(pattern: string): Promise<string[]> {
    const r = await this.run([`ls ${quoteName(pattern)}`]);
    const f = failuresIn(r.output).filter((x) => !NOT_THERE.has(x.status ?? ''))[0];
    if (f) throw ShareError.of(f);
    return namesFromLs(r.output);
  }

  /**
   * The admin's "Test": find the host, log in, list the folder, write a probe file and delete
   * it. Each step says why when it fails; the steps after a failed one are not tried.
   */
  async test(probeName = `${PROBE_PREFIX}${process.pid}-${Date.now()}.txt`, probeLocal: string): Promise<ShareTestResult> {
    const steps: ShareTestResult['steps'] = (['host', 'login', 'list', 'write', 'delete'] as ShareTestStep[]).map((step) => ({ step, state: 'skipped', problem: null, detail: null }));
    const mark = (i: number, f: ShareError | null) => {
      const s = steps[i]!;
      s.state = f ? 'failed' : 'ok';
      s.problem = f?.problem ?? null;
      s.detail = f?.detail ?? null;
    };
    const fail = (i: number, f: ShareError): ShareTestResult => {
      mark(i, f);
      return { ok: false, steps, problem: f.problem, message: `${steps[i]!.step}: ${f.message}` };
    };
    const folder = this.target.folder;
    const probe = folder ? `${folder}/${probeName}` : probeName;
    // host + login + list in one session: which of them failed is read from the output.
    const listing = await this.run([`ls ${quoteName(folder ? `${folder}/*` : '*')}`]);
    // An empty folder, or one not made yet, lists as "no such file": that is a listing too.
    const f = listing.timedOut ? new ShareError('timeout', 'smbclient did not finish in time') : failuresIn(listing.output).filter((x) => !NOT_THERE.has(x.status ?? '')).map(ShareError.of)[0];
    if (f) {
      if (f.problem === 'unknown_host' || f.problem === 'host_down' || f.problem === 'timeout') return fail(0, f);
      mark(0, null);
      if (f.problem === 'bad_credentials' || f.problem === 'share_not_found') return fail(1, f);
      mark(1, null);
      return fail(2, f);
    }
    mark(0, null);
    mark(1, null);
    mark(2, null);
    try {
      await this.must([...(folder ? parentsOf(probe).map((p) => `mkdir ${quoteName(p)}`) : []), `put ${quoteName(probeLocal)} ${quoteName(probe)}`]);
      mark(3, null);
    } catch (err) {
      return fail(3, err instanceof ShareError ? err : new ShareError('other', (err as Error).message));
    }
    try {
      await this.remove(probe);
      mark(4, null);
    } catch (err) {
      return fail(4, err instanceof ShareError ? err : new ShareError('other', (err as Error).message));
    }
    return { ok: true, steps, problem: null, message: 'the box can find the computer, log in, list, write and delete in the shared folder' };
  }
}

/** Runs commands on the share and returns their output; throws when the session itself fails. */
export type Exec = (commands: string[], timeoutMs: number) => Promise<string>;

export async function sizeOfWith(exec: Exec, remote: string, timeoutSeconds: number): Promise<number | null> {
  const out = await exec([`allinfo ${quoteName(remote)}`], timeoutSeconds * 1000);
  const first = failuresIn(out)[0];
  if (first && !NOT_THERE.has(first.status ?? '')) throw ShareError.of(first);
  return first ? null : sizeFromAllinfo(out);
}

/**
 * Puts `local` at `remote` (folders made as needed, unless `made` says they were): written
 * under a temporary name in the same folder, its size there checked, and only then renamed
 * over the final name and its size checked again. A file cut short (the PC switched off, the
 * share full, the box killed) never sits under the final name. Returns the final size.
 */
export async function uploadWith(exec: Exec, local: string, remote: string, size: number, tempTag: string, opMs: number, made?: Set<string>): Promise<number> {
  const dir = posix.dirname(remote);
  const tmp = `${dir === '.' ? '' : `${dir}/`}${MIRROR_TEMP_PREFIX}${tempTag}.tmp`;
  // A slow PC: at least a minute, plus a second per MB.
  const timeoutMs = 60_000 + size / 1000;
  const parents = parentsOf(remote);
  const mk = parents.filter((p) => !made?.has(p)).map((p) => `mkdir ${quoteName(p)}`);
  const put = await exec([...mk, `put ${quoteName(local)} ${quoteName(tmp)}`, `allinfo ${quoteName(tmp)}`], timeoutMs);
  const putFailure = failuresIn(put).map(ShareError.of)[0];
  const putSize = sizeFromAllinfo(put);
  if (putFailure || putSize !== size) {
    made?.clear();
    await exec([`del ${quoteName(tmp)}`], opMs).catch(() => undefined);
    throw putFailure ?? new ShareError('other', `the share holds ${putSize ?? 'no'} bytes of the ${size} sent`);
  }
  for (const p of parents) made?.add(p);
  const out = await exec([`rename ${quoteName(tmp)} ${quoteName(remote)} -f`, `allinfo ${quoteName(remote)}`], opMs);
  const f = failuresIn(out)[0];
  if (f) {
    // A final name the share refuses: the temporary file does not stay behind.
    await exec([`del ${quoteName(tmp)}`], opMs).catch(() => undefined);
    throw ShareError.of(f);
  }
  const got = sizeFromAllinfo(out);
  if (got !== size) throw new ShareError('other', `after the rename the share holds ${got ?? 'no'} bytes of the ${size} sent`);
  return got;
}
