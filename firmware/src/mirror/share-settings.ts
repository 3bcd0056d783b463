// Where the share's settings live. The address, port, user and domain are in the settings
// table (key 'mirror.share'); the password is only in smbclient's authentication file
// <dataDir>/secrets/share.auth: folder 0700, file 0600, owned by the user the daemon runs as,
// written atomically (temporary file, fsync, rename, fsync of the folder). The database, its
// backups, the API, the audit log, the logs and `studio-box config` never hold it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ShareSettings, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import { isoNow, type Clock } from '../util/clock.js';
import { formatShareAddress, parseShareAddress, type ShareAddress } from './share-address.js';

const KEY = 'mirror.share';

// smbclient's file is "key = value" lines: a line break would start another key, and the
// value is trimmed, so spaces at either end could not be kept.
const secretText = (what: string) =>
  z
    .string()
    .max(256)
    .refine((s) => !/[\r\n\u0000]/.test(s), `the ${what} cannot contain a line break`)
    .refine((s) => s === s.trim(), `the ${what} cannot begin or end with a space`);

export const shareInputSchema = z
  .object({
    address: z.string().max(400),
    port: z.number().int().min(1).max(65535).default(445),
    user: secretText('user name').pipe(z.string().min(1, 'the user name is required')),
    domain: secretText('domain').default(''),
    password: secretText('password').nullable().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type ShareInput = z.infer<typeof shareInputSchema>;

const storedSchema = z.object({ address: z.string(), port: z.number().int(), user: z.string(), domain: z.string(), enabled: z.boolean() });
type Stored = z.infer<typeof storedSchema>;

export interface ShareConfig extends ShareAddress {
  port: number;
  user: string;
  domain: string;
  enabled: boolean;
  authFile: string;
}

/** The address checked; a ValidationError naming the field when it is not one. */
export function checkedAddress(text: string): ShareAddress {
  const a = parseShareAddress(text);
  if ('error' in a) throw new ValidationError([{ path: 'address', message: a.error }]);
  return a;
}

/** Writes `text` to `file` with mode 0600 so that a power cut leaves the old file or the new one. */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

export const authFileText = (user: string, password: string, domain: string): string =>
  `username = ${user}\npassword = ${password}\n${domain ? `domain = ${domain}\n` : ''}`;

export class ShareSettingsStore {
  readonly authFile: string;
  private cached: Stored | null | undefined;

  constructor(
    private readonly o: { db: Db; audit: AuditLog; clock: Clock; dataDir: string },
  ) {
    this.authFile = join(o.dataDir, 'secrets', 'share.auth');
  }

  private stored(): Stored | null {
    if (this.cached !== undefined) return this.cached;
    const row = this.o.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    this.cached = row ? storedSchema.parse(JSON.parse(row.value)) : null;
    return this.cached;
  }

  /** The settings for the API: the password only as "set or not". */
  async get(): Promise<ShareSettings | null> {
    const s = this.stored();
    if (!s) return null;
    return { address: s.address, port: s.port, user: s.user, domain: s.domain, enabled: s.enabled, passwordSet: await this.passwordSet() };
  }

  private async passwordSet(): Promise<boolean> {
    return (await this.storedPassword()) !== null;
  }

  /** The stored password, read from the authentication file; null when there is none. */
  async storedPassword(): Promise<string | null> {
    try {
      const m = /^password = (.*)$/m.exec(await readFile(this.authFile, 'utf8'));
      return m ? m[1]! : null;
    } catch {
      return null;
    }
  }

  /** The share the mirror uses; null when none is set up, or it is switched off. */
  config(): ShareConfig | null {
    const s = this.stored();
    if (!s) return null;
    const a = parseShareAddress(s.address);
    if ('error' in a) return null;
    return { ...a, port: s.port, user: s.user, domain: s.domain, enabled: s.enabled, authFile: this.authFile };
  }

  /**
   * Saves the settings (validated by the caller with shareInputSchema). A password given
   * replaces the stored one; none keeps it. The audit says what changed, never the password.
   */
  async save(actor: UserRef, input: ShareInput): Promise<ShareSettings> {
    const a = checkedAddress(input.address);
    const before = this.stored();
    const password = input.password ?? (await this.storedPassword());
    if (password === null) throw new ValidationError([{ path: 'password', message: 'the password is required' }]);
    const next: Stored = { address: formatShareAddress(a), port: input.port, user: input.user, domain: input.domain, enabled: input.enabled };
    await writePrivateFile(this.authFile, authFileText(next.user, password, next.domain));
    this.o.db.transaction(() => {
      this.o.db
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(KEY, JSON.stringify(next), isoNow(this.o.clock), actor.id);
      this.cached = undefined;
      this.o.audit.record(actor, {
        action: before ? 'update' : 'create',
        entity: 'mirror_share',
        summary: `shared folder for the mirror ${before ? 'changed' : 'set'}: ${next.address}${input.password ? ' (new password)' : ''}`,
        detail: { before, after: next, passwordChanged: !!input.password },
      });
    })();
    return (await this.get())!;
  }
}
