// A logged-in smbclient session (smb-session.ts) for the mirror: uploads and size checks,
// one login for many files, a batch of files in two exchanges.
import { posix } from 'node:path';
import { MIRROR_TEMP_PREFIX, parentsOf, quoteName, sizeOfWith, uploadWith, type Exec } from './smb-client.js';
import { ShareError } from './smb-errors.js';
import { failuresIn, SHARE_WIDE, sizeFromLs } from './smb-output.js';
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
   * then, for those whose size was right, the rename over the final name (and the removal of
   * the temporary files of those that failed). A file is under its
   * final name only after its own temporary copy was checked whole. Returns each file's final
   * size or its own failure; a failure of the share as a whole is thrown (the session ended).
   */
  async uploadBatch(items: UploadItem[]): Promise<(number | ShareError)[]> {
    return await this.startBatch(items).done;
  }

  /**
   * uploadBatch in two steps for a pipeline: the puts are written to smbclient before this
   * returns; `putsDone` settles when smbclient has done them (the renames are then queued), so
   * the caller can queue the next group's puts behind them and smbclient never waits for this
   * process between groups. `done` is uploadBatch's answer.
   */
  startBatch(items: UploadItem[]): { putsDone: Promise<void>; done: Promise<(number | ShareError)[]> } {
    const tmpOf = (it: UploadItem) => {
      const dir = posix.dirname(it.remote);
      return `${dir === '.' ? '' : `${dir}/`}${MIRROR_TEMP_PREFIX}${it.tempTag}.tmp`;
    };
    let puts: string[][];
    try {
      puts = items.map((it) => {
        const mk = parentsOf(it.remote).filter((p) => !this.made.has(p));
        // Asked once per session (a folder already there is no failure); a put that fails
        // below forgets its folders, so the next group asks again.
        for (const p of mk) this.made.add(p);
        return [...mk.map((p) => `mkdir ${quoteName(p)}`), `put ${quoteName(it.local)} ${quoteName(tmpOf(it))}`];
      });
      // The temporary copies' sizes in one listing per folder (one round trip, where `allinfo`
      // per file took five): a copy cut short is seen before anything is renamed.
      const dirs = [...new Set(items.map((it) => posix.dirname(it.remote)))];
      puts.push(dirs.map((d) => `ls ${quoteName(`${d === '.' ? '' : `${d}/`}${MIRROR_TEMP_PREFIX}*.tmp`)}`));
    } catch (err) {
      const failed = Promise.reject(err as Error);
      failed.catch(() => undefined);
      return { putsDone: failed.then(() => undefined), done: failed };
    }
    // A slow PC: at least a minute per file, plus a second per MB.
    const putOut = this.s.execGroups(puts, [...items.map((it) => 60_000 + it.size / 1000), this.timeoutSeconds * 1000]);
    const done = this.ending(this.finish(items, putOut, tmpOf));
    return { putsDone: putOut.then(() => undefined, () => undefined), done };
  }

  private async finish(items: UploadItem[], putsOut: Promise<string[]>, tmpOf: (it: UploadItem) => string): Promise<(number | ShareError)[]> {
    const putOut = await putsOut;
    const listing = putOut.at(-1)!;
    // A folder without temporary files (every put into it failed) is no failure of its own.
    const listed = failuresIn(listing).find((f) => SHARE_WIDE.has(f.problem));
    if (listed) throw ShareError.of(listed);
    const results: (number | ShareError)[] = items.map((it, i) => {
      const f = failuresIn(putOut[i]!)[0];
      if (f) return ShareError.of(f);
      const size = sizeFromLs(listing, posix.basename(tmpOf(it)));
      return size === it.size ? size : new ShareError('other', `the share holds ${size ?? 'no'} bytes of the ${it.size} sent`);
    });
    const wide = results.find((r): r is ShareError => r instanceof ShareError && SHARE_WIDE.has(r.problem));
    if (wide) throw wide;
    const ok = items.map((_, i) => i).filter((i) => typeof results[i] === 'number');
    items.forEach((it, i) => {
      if (results[i] instanceof ShareError) for (const p of parentsOf(it.remote)) this.made.delete(p);
    });
    const failedTmps = items.filter((_, i) => results[i] instanceof ShareError).map((it) => `del ${quoteName(tmpOf(it))}`);
    // Each rename its own exchange (its failure is its own); no size check after it: the
    // temporary copy's size was checked on the share, and a rename (SMB2 SET_INFO) is atomic —
    // the final name is that very file or the rename fails with a status smbclient prints. The
    // `ls` of each final name it replaces cost ~0.1 of mput's speed (bench: 0.89 → 0.98).
    const renames = ok.map((i) => [`rename ${quoteName(tmpOf(items[i]!))} ${quoteName(items[i]!.remote)} -f`]);
    const out = await this.s.execGroups([...renames, failedTmps], this.timeoutSeconds * 1000);
    const cleanup: string[] = [];
    ok.forEach((i, k) => {
      const f = failuresIn(out[k]!)[0];
      if (!f) return;
      cleanup.push(`del ${quoteName(tmpOf(items[i]!))}`);
      results[i] = ShareError.of(f);
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
