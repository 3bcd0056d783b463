import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Clock } from '../util/clock.js';
import { statementCache } from '../db/statements.js';

export interface SessionOptions {
  idleMinutes: number;
  maxHours: number;
}

export interface SessionInfo {
  userId: number;
  expiresAt: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

// Touching a session on every request would write the database on every click;
// refresh last_seen only when it is this stale.
const TOUCH_EVERY_MS = 60_000;

/** Server-side sessions. The cookie carries a random token; the database keeps its hash. */
export class SessionService {
  /** Prepared once per connection: the session, user and rights look-ups run on every request. */
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly opts: SessionOptions,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  create(userId: number, client: string): { token: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresAt = this.expiry(now, now);
    this.sql('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, client) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hashToken(token), userId, now.toISOString(), now.toISOString(), expiresAt.toISOString(), client.slice(0, 200));
    return { token, expiresAt };
  }

  /**
   * The session's user, or null when unknown or expired (idle or absolute). `touch` false only
   * checks (the event stream, before each event): being sent events is not being used.
   */
  resolve(token: string, touch = true): SessionInfo | null {
    const h = hashToken(token);
    const row = this.sql('SELECT user_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?').get(h) as
      | { user_id: number; created_at: string; last_seen_at: string; expires_at: string }
      | undefined;
    if (!row) return null;
    const now = this.clock();
    if (Date.parse(row.expires_at) <= now.getTime()) {
      this.sql('DELETE FROM sessions WHERE token_hash = ?').run(h);
      return null;
    }
    if (touch && now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      const expiresAt = this.expiry(new Date(row.created_at), now).toISOString();
      this.sql('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?').run(now.toISOString(), expiresAt, h);
      return { userId: row.user_id, expiresAt };
    }
    return { userId: row.user_id, expiresAt: row.expires_at };
  }

  destroy(token: string): void {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  purgeExpired(): number {
    return this.sql('DELETE FROM sessions WHERE expires_at <= ?').run(this.clock().toISOString()).changes;
  }

  // The earlier of: idle timeout from now, absolute limit from login.
  private expiry(createdAt: Date, now: Date): Date {
    return new Date(Math.min(now.getTime() + this.opts.idleMinutes * 60_000, createdAt.getTime() + this.opts.maxHours * 3_600_000));
  }
}
