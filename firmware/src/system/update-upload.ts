// An update uploaded on the status page (H6): the release tarball arrives as the request body
// with its SHA256SUMS and signature; the box checks the checksum while the bytes arrive (a
// damaged upload never reaches root), puts the three files where the root helper expects them,
// and runs system.updateCommand — on the Pi the root helper's `update`, which starts
// apply-update outside this daemon: it checks checksum and signature again as root, installs,
// restarts the box and rolls back by itself. Its result and log are read back for the page.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UpdateStarted, UpdateStatus } from '../api-types.js';
import { AppError, ConflictError, ValidationError } from '../errors.js';

export const RELEASE_NAME = /^studio-box-[A-Za-z0-9._+-]+\.tar\.gz$/;
/** A release is ~25 MB; a limit keeps a wrong file from filling the SD card. */
export const MAX_RELEASE_BYTES = 512 * 1024 * 1024;

/** The SHA-256 SHA256SUMS gives for `name` (`<hex>  <name>` or `<hex> *<name>`), or null. */
export function expectedSha256(sums: string, name: string): string | null {
  for (const line of sums.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/i.exec(line.trim());
    if (m && m[2] === name) return m[1]!.toLowerCase();
  }
  return null;
}

export class UpdateUploads {
  constructor(private readonly o: { dir: string; command: string | null }) {}

  available(): boolean {
    return this.o.command !== null;
  }

  async receive(name: string, sums: string, signature: Buffer | null, body: Readable): Promise<UpdateStarted> {
    if (!this.o.command) throw new ConflictError('this box does not install updates from the web page (system.updateCommand is not set)', 'update_unavailable');
    if (!RELEASE_NAME.test(name)) throw new ValidationError([{ path: 'name', message: 'not a Studio Box release (studio-box-<version>-linux-<arch>.tar.gz)' }]);
    const expected = expectedSha256(sums, name);
    if (!expected) throw new AppError(400, 'update_unlisted', `SHA256SUMS does not list ${name}`);
    await mkdir(this.o.dir, { recursive: true });
    const partial = join(this.o.dir, `.upload-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > MAX_RELEASE_BYTES) return done(new ValidationError([{ path: '(body)', message: `larger than a release can be (${MAX_RELEASE_BYTES} bytes)` }]));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(partial, { mode: 0o640 }));
      const actual = hash.digest('hex');
      if (actual !== expected) throw new AppError(400, 'update_damaged', `the file is damaged (SHA-256 ${actual}, SHA256SUMS says ${expected}): download it again`);
      // A new upload replaces what an earlier one left (its result belongs to that one).
      for (const old of ['last-update.result', 'last-update.log', 'SHA256SUMS', 'SHA256SUMS.sig']) await rm(join(this.o.dir, old), { force: true });
      await writeFile(join(this.o.dir, 'SHA256SUMS'), sums);
      if (signature) await writeFile(join(this.o.dir, 'SHA256SUMS.sig'), signature);
      await rename(partial, join(this.o.dir, name));
    } finally {
      await rm(partial, { force: true });
    }
    await this.run(join(this.o.dir, name));
    return { fileName: name, sha256: expected };
  }

  async status(): Promise<UpdateStatus> {
    const read = (f: string) => readFile(join(this.o.dir, f), 'utf8').catch(() => null);
    const [result, log] = await Promise.all([read('last-update.result'), read('last-update.log')]);
    const lines = (log ?? '').split('\n').filter(Boolean).slice(-50);
    const state: UpdateStatus['state'] = result === null ? (log === null && !(await this.pending()) ? 'none' : 'running') : result.startsWith('ok') ? 'ok' : 'failed';
    return { state, log: lines, available: this.available() };
  }

  private async pending(): Promise<boolean> {
    return readFile(join(this.o.dir, 'SHA256SUMS'), 'utf8').then(
      () => true,
      () => false,
    );
  }

  private run(file: string): Promise<void> {
    const [cmd, ...args] = this.o.command!.trim().split(/\s+/).map((w) => w.replaceAll('{file}', file));
    return new Promise((resolve, reject) => {
      execFile(cmd!, args, { timeout: 30_000 }, (err, _out, stderr) => {
        if (err) reject(new AppError(502, 'update_failed', `the update could not be started: ${stderr.trim() || err.message}`));
        else resolve();
      });
    });
  }
}
