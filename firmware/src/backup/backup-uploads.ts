// Backup files an admin uploads to restore from (A2): the request body is streamed to
// <dataDir>/run/backup-uploads/<id> (never held in memory), counted against a limit while it
// arrives, and named by a random id the API uses afterwards (never a path). An upload lives
// until it is restored, cancelled, found bad, or an hour old; a start clears them all.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, ValidationError } from '../errors.js';
import { isEncryptedFile } from './backup-crypto.js';

const ID = /^[0-9a-f]{24}$/;
/** An upload not restored within this long is removed by the next upload. */
const KEEP_MS = 3_600_000;

export interface ReceivedUpload {
  id: string;
  file: string;
  size: number;
  encrypted: boolean;
}

export class BackupUploads {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly maxBytes: number,
  ) {
    this.dir = join(dataDir, 'run', 'backup-uploads');
  }

  /** At start: uploads of an earlier run are not restorable any more (their checks were not kept). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Streams `body` to a file of its own. Too big (by Content-Length at once, or counted while
   * it arrives) or empty: a 400 on `backup`, nothing kept.
   */
  async receive(body: Readable, declaredBytes: number | null): Promise<ReceivedUpload> {
    const tooBig = () => new ValidationError([{ path: 'backup', message: `the file is larger than a backup may be here (${Math.round(this.maxBytes / 1e6)} MB, backup.maxUploadMB)` }]);
    // Refused before a byte is stored (the server reads and drops the rest of the body).
    if (declaredBytes !== null && declaredBytes > this.maxBytes) throw tooBig();
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.prune();
    const id = randomBytes(12).toString('hex');
    const file = join(this.dir, id);
    let size = 0;
    let over = false;
    const max = this.maxBytes;
    // Past the limit nothing more is written, but the body is still read to its end (not cut):
    // the answer then reaches the client as an answer, not as a reset connection.
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        over ||= size > max;
        done(null, over ? undefined : chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    if (over) {
      await rm(file, { force: true });
      throw tooBig();
    }
    if (size === 0) {
      await rm(file, { force: true });
      throw new ValidationError([{ path: 'backup', message: 'the file is empty: choose a Studio Box backup (studio-box-db-….sqlite.gz or .sqlite.gz.enc)' }]);
    }
    return { id, file, size, encrypted: await isEncryptedFile(file) };
  }

  /** The file of an upload still here; a 404 for an unknown, finished or expired one. */
  async fileOf(id: string): Promise<string> {
    if (!ID.test(id)) throw new ValidationError([{ path: 'id', message: 'not an upload id' }]);
    const file = join(this.dir, id);
    try {
      await stat(file);
    } catch {
      throw new NotFoundError('backup upload');
    }
    return file;
  }

  async remove(id: string): Promise<void> {
    if (ID.test(id)) await rm(join(this.dir, id), { force: true });
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const f = join(this.dir, name);
      const s = await stat(f).catch(() => null);
      if (!s || !ID.test(name) || now - s.mtimeMs > KEEP_MS) await rm(f, { force: true, recursive: true });
    }
  }
}
