import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log.js';
import { normaliseUsername } from '../auth/login-throttle.js';
import { SqliteThrottleStore } from '../auth/throttle-store.js';
import { passwordSchema, UserService } from '../auth/user-service.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { AppError } from '../errors.js';
import { systemClock } from '../util/clock.js';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** `studio-box reset-password USER`: the new password is read from standard input. */
export async function resetPassword(config: Config, username: string | undefined): Promise<number> {
  if (!username) {
    process.stderr.write('usage: echo NEW-PASSWORD | studio-box reset-password USER\n');
    return 2;
  }
  const password = await readStdin();
  const valid = passwordSchema.safeParse(password);
  if (!valid.success) {
    process.stderr.write(`studio-box: new password: ${valid.error.issues.map((i) => i.message).join('; ')}\n`);
    return 1;
  }
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  try {
    migrate(db, migrations);
    const users = new UserService(db, new AuditLog(db, systemClock), systemClock);
    const user = await users.resetFromShell(username, password);
    // The daemon keeps failed logins in the database: clearing them here ends the user name's lock at once.
    new SqliteThrottleStore(db).clearUser(normaliseUsername(user.username));
    process.stdout.write(`password of ${user.username} reset; the account is enabled, its sessions ended and its login lock cleared\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`studio-box: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
