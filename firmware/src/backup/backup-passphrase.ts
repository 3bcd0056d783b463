// The backup passphrase: kept like the share's password, only in <dataDir>/secrets/backup.passphrase
// (folder 0700, file 0600, written atomically); never in the database (so never in a backup),
// the API (which says only whether one is set), the audit log or a log line.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import { writePrivateFile } from '../mirror/share-settings.js';

export const PASSPHRASE_MIN = 10;

/** A passphrase an admin may set: 10–200 characters, no line breaks or control characters. */
export function checkPassphrase(p: unknown, path = 'passphrase'): string {
  if (typeof p !== 'string') throw new ValidationError([{ path, message: 'must be text' }]);
  if ([...p].length < PASSPHRASE_MIN) throw new ValidationError([{ path, message: `must be at least ${PASSPHRASE_MIN} characters` }]);
  if (p.length > 200) throw new ValidationError([{ path, message: 'must be at most 200 characters' }]);
  if (/[\u0000-\u001f\u007f]/.test(p)) throw new ValidationError([{ path, message: 'must not hold line breaks or control characters' }]);
  return p;
}

export class BackupPassphraseStore {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets', 'backup.passphrase');
  }

  async get(): Promise<string | null> {
    try {
      const t = await readFile(this.file, 'utf8');
      return t.length ? t : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async isSet(): Promise<boolean> {
    return (await this.get()) !== null;
  }

  /** Sets (checked) or removes (null) the passphrase. */
  async set(passphrase: string | null): Promise<void> {
    if (passphrase === null) await rm(this.file, { force: true });
    else await writePrivateFile(this.file, checkPassphrase(passphrase));
  }
}
