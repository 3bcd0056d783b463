// A logged-in smbclient session (smb-session.ts) for the mirror: uploads and size checks,
// one login for many files, a batch of files in two exchanges.
import { posix } from 'node:path';
import { MIRROR_TEMP_PREFIX, parentsOf, quoteName, sizeOfWith, uploadWith, type Exec } from './smb-client.js';
import { ShareError } from './smb-errors.js';
import { failuresIn, SHARE_WIDE, sizeFromAllinfo } from './smb-output.js';
import type { SmbSession } from './smb-session.js';

export interface UploadItem {
  local: string;
  remote: string;
  size: number;
  /** Names the temporary file (`.studio-box-mirror-<tag>.tmp`): the same file's next try overwrites it. */
  tempTag: string;
}

/** A logged-in smbclient session: the mirror's uploads and size checks, one login for many files. */
export class ShareSession {
  /** Folders made (or found) in this session: not asked for again. */
  private readonly made = new Set<string>();
  private readonly exec: Exec;

  constructor(
    private readonly s: SmbSession,
    private readonly timeoutSeconds: number,
  ) {
    this.exec = (c, t) => s.exec(c, t);
  }

  get alive(): boolean {
    return this.s.alive;
  }

  async sizeOf(remote: string): Promise<number | null> {
    return await this.ending(sizeOfWith(this.exec, remote, this.timeoutSeconds));
  }

  async upload(local: string, remote: string, size: number, tempTag: string): Promise<number> {
    return await this.ending(uploadWith(this.exec, local, remote, size, tempTag, this.timeoutSeconds * 1000, this.made));
  }

  /** A failure of the share as a whole (smbclient goes on after a lost connection) ends the session: the next one logs in again. */
  private async ending<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof ShareError && SHARE_WIDE.has(err.problem)) this.s.kill();
      throw err;
    }
  }

  /**
   * Several files in two exchanges: every put under its temporary name with its size check,
   * then, for those whose size was right, the rename over the final name with a size check
   * again (and the removal of the temporary files of those that failed). A file is under its
   * final name only after its own temporary copy was checked whole. Returns each file's final
   * size or its own failure; a failure of the share as a whole is thrown (the session ended).
   */
  async uploadBatch(items: UploadItem[]): Promise<(number | ShareError)[]> {
    return await this.ending(this.batch(items));
  }

  private async batch(items: UploadItem[]): Promise<(number | ShareError)[]> {
    const tmpOf = (it: UploadItem) => {
      const dir = posix.dirname(it.remote);
      return `${dir === '.' ? '' : `${dir}/`}${MIRROR_TEMP_PREFIX}${it.tempTag}.tmp`;
    };
    const asked = new Set(this.made);
    const puts = items.map((it) => {
      const mk = parentsOf(it.remote).filter((p) => !asked.has(p));
      for (const p of mk) asked.add(p);
      return [...mk.map((p) => `mkdir ${quoteName(p)}`), `put ${quoteName(it.local)} ${quoteName(tmpOf(it))}`, `allinfo ${quoteName(tmpOf(it))}`];
    });
    // A slow PC: at least a minute, plus a second per MB.
    const putOut = await this.s.execGroups(puts, 60_000 + items.reduce((n, it) => n + it.size, 0) / 1000);
    const results: (number | ShareError)[] = items.map((it, i) => {
      const f = failuresIn(putOut[i]!)[0];
      if (f) return ShareError.of(f);
      const size = sizeFromAllinfo(putOut[i]!);
      return size === it.size ? size : new ShareError('other', `the share holds ${size ?? 'no'} bytes of the ${it.size} sent`);
    });
    const wide = results.find((r): r is ShareError => r instanceof ShareError && SHARE_WIDE.has(r.problem));
    if (wide) throw wide;
    const ok = items.map((_, i) => i).filter((i) => typeof results[i] === 'number');
    for (const i of ok) for (const p of parentsOf(items[i]!.remote)) this.made.add(p);
    const failedTmps = items.filter((_, i) => results[i] instanceof ShareError).map((it) => `del ${quoteName(tmpOf(it))}`);
    const renames = ok.map((i) => [`rename ${quoteName(tmpOf(items[i]!))} ${quoteName(items[i]!.remote)} -f`, `allinfo ${quoteName(items[i]!.remote)}`]);
    const out = await this.s.execGroups([...renames, failedTmps], this.timeoutSeconds * 1000 + 1000 * items.length);
    const cleanup: string[] = [];
    ok.forEach((i, k) => {
      const f = failuresIn(out[k]!)[0];
      const size = sizeFromAllinfo(out[k]!);
      if (f) cleanup.push(`del ${quoteName(tmpOf(items[i]!))}`);
      results[i] = f ? ShareError.of(f) : size === items[i]!.size ? size : new ShareError('other', `after the rename the share holds ${size ?? 'no'} bytes of the ${items[i]!.size} sent`);
    });
    const wide2 = results.find((r): r is ShareError => r instanceof ShareError && SHARE_WIDE.has(r.problem));
    if (wide2) throw wide2;
    // A final name the share refused: its temporary file does not stay behind.
    if (cleanup.length) await this.s.exec(cleanup, this.timeoutSeconds * 1000);
    return results;
  }

  async close(): Promise<void> {
    await this.s.close();
  }
}
