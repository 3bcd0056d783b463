import { z } from 'zod';
import { hasVisible } from '../util/plain-text.js';
import { nameText } from '../util/text-schemas.js';
import type { PermissionMap, User, UserCreate, UserPatch, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { isoNow, type Clock } from '../util/clock.js';
import { hashPassword } from './passwords.js';
import { assertHolds, effectivePermissions, type Grant } from './permissions.js';
import { statementCache } from '../db/statements.js';

export const passwordSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(200, 'at most 200 characters')
  .refine((p) => p.trim().length === p.length, 'must not start or end with a space');

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(40)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash and underscore only')
  // Hangul fillers are letters (\p{Lo}) that draw nothing: a user name must show.
  .refine(hasVisible, 'shows no visible characters');

const idList = z.array(z.number().int().positive()).max(100);

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: nameText(80),
    password: passwordSchema,
    isAdmin: z.boolean().optional(),
    groupIds: idList.optional(),
  })
  .strict();

export const userPatchSchema = z
  .object({
    displayName: nameText(80).optional(),
    password: passwordSchema.optional(),
    isAdmin: z.boolean().optional(),
    disabled: z.boolean().optional(),
    groupIds: idList.optional(),
  })
  .strict();

interface UserRow extends MetaRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
}

export interface LoginUser {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  isAdmin: boolean;
  disabled: boolean;
}

export interface Actor extends UserRef {
  isAdmin: boolean;
}

/** Users (A1). Only an admin may make or change an admin; the last admin cannot be removed. */
export class UserService {
  /** Prepared once per connection: the session, user and rights look-ups run on every request. */
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  list(): User[] {
    const rows = this.sql(`SELECT u.*, ${metaColumns('u')} FROM users u ${metaJoins('u')} ORDER BY u.username`)
      .all() as UserRow[];
    const groups = this.groupIdsByUser();
    return rows.map((r) => toUser(r, groups.get(r.id) ?? []));
  }

  get(id: number): User {
    const r = this.sql(`SELECT u.*, ${metaColumns('u')} FROM users u ${metaJoins('u')} WHERE u.id = ?`).get(id) as
      | UserRow
      | undefined;
    if (!r) throw new NotFoundError(`user ${id}`);
    return toUser(r, this.groupIdsByUser(id).get(id) ?? []);
  }

  findForLogin(username: string): LoginUser | null {
    const r = this.sql('SELECT * FROM users WHERE username = ?').get(username.trim()) as UserRow | undefined;
    return r
      ? { id: r.id, username: r.username, displayName: r.display_name, passwordHash: r.password_hash, isAdmin: !!r.is_admin, disabled: !!r.disabled }
      : null;
  }

  permissionsOf(userId: number, isAdmin: boolean): PermissionMap {
    const grants = this.sql(
        `SELECT DISTINCT gp.feature, gp.action FROM user_groups ug
         JOIN group_permissions gp ON gp.group_id = ug.group_id WHERE ug.user_id = ?`,
      )
      .all(userId) as Grant[];
    return effectivePermissions(isAdmin, grants);
  }

  /** `actor` null only for the first admin made by the setup wizard. */
  async create(actor: Actor | null, input: UserCreate): Promise<User> {
    if (actor) this.assertMayGrant(actor, input.groupIds ?? [], input.isAdmin ? true : undefined);
    return this.createHashed(actor, input, await hashPassword(input.password));
  }

  /**
   * What a non-admin may do to users (A1): give only rights they hold (through groups), and
   * only touch a user whose rights they hold too, or a new password would hand them that
   * user's rights. Throws ForbiddenError naming the rights lacking.
   */
  private assertMayGrant(actor: Actor, groupIds: number[], makesAdmin: boolean | undefined, target?: User): void {
    if (actor.isAdmin) return;
    if (makesAdmin !== undefined || target?.isAdmin) throw new ForbiddenError('only an admin may change an admin or grant admin rights');
    const held = this.permissionsOf(actor.id, false);
    if (target) assertHolds(held, this.permissionsOf(target.id, false), `${target.username} has`);
    assertHolds(held, this.rightsOfGroups(groupIds), 'these groups give');
    // A group's discount limit (F1) is handed out like its rights: never above one's own.
    const own = this.discountLimitOfGroups(this.groupIdsByUser(actor.id).get(actor.id) ?? []);
    const theirs = target ? this.discountLimitOfGroups(target.groupIds) : 0;
    if (theirs > own) throw new ForbiddenError(`${target!.username} may give discounts up to ${theirs}%, above your own (${own}%)`);
    const given = this.discountLimitOfGroups(groupIds);
    if (given > own) throw new ForbiddenError(`these groups allow discounts up to ${given}%, above your own (${own}%)`);
  }

  /** The largest discount limit of these groups, percent (0 for none). */
  private discountLimitOfGroups(groupIds: number[]): number {
    if (!groupIds.length) return 0;
    const r = this.sql(`SELECT MAX(discount_limit_pct) AS pct FROM groups WHERE id IN (${groupIds.map(() => '?').join(', ')})`).get(...groupIds) as { pct: number | null };
    return r.pct ?? 0;
  }

  /** The union of these groups' rights. */
  private rightsOfGroups(groupIds: number[]): PermissionMap {
    if (!groupIds.length) return {};
    const grants = this.sql(`SELECT DISTINCT feature, action FROM group_permissions WHERE group_id IN (${groupIds.map(() => '?').join(', ')})`)
      .all(...groupIds) as Grant[];
    return effectivePermissions(false, grants);
  }

  /** Synchronous part of create(), so a caller can put it in a larger transaction. */
  createHashed(actor: Actor | null, input: UserCreate, hash: string): User {
    const id = this.db.transaction(() => {
      if (this.findForLogin(input.username)) throw new ConflictError(`user name "${input.username}" is taken`);
      this.checkGroups(input.groupIds ?? []);
      const now = isoNow(this.clock);
      const res = this.sql(
          `INSERT INTO users (username, display_name, password_hash, is_admin, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.username, input.displayName, hash, input.isAdmin ? 1 : 0, now, actor?.id ?? null, now, actor?.id ?? null);
      const id = Number(res.lastInsertRowid);
      this.setGroups(id, input.groupIds ?? []);
      this.audit.record(actor, {
        action: 'create',
        entity: 'user',
        entityId: id,
        summary: `user ${input.username} created${input.isAdmin ? ' (admin)' : ''}`,
        detail: { username: input.username, displayName: input.displayName, isAdmin: !!input.isAdmin, groupIds: input.groupIds ?? [] },
      });
      return id;
    })();
    return this.get(id);
  }

  async update(actor: Actor, id: number, patch: UserPatch): Promise<User> {
    const before = this.get(id);
    this.assertMayGrant(actor, patch.groupIds ?? [], patch.isAdmin, before);
    if (id === actor.id && (patch.disabled || patch.isAdmin === false)) {
      throw new ConflictError('you cannot disable yourself or remove your own admin rights');
    }
    const hash = patch.password ? await hashPassword(patch.password) : null;
    this.db.transaction(() => {
      this.checkGroups(patch.groupIds ?? []);
      const sets: string[] = [];
      const args: (string | number)[] = [];
      if (patch.displayName !== undefined) (sets.push('display_name = ?'), args.push(patch.displayName));
      if (hash) (sets.push('password_hash = ?'), args.push(hash));
      if (patch.isAdmin !== undefined) (sets.push('is_admin = ?'), args.push(patch.isAdmin ? 1 : 0));
      if (patch.disabled !== undefined) (sets.push('disabled = ?'), args.push(patch.disabled ? 1 : 0));
      sets.push('updated_at = ?', 'updated_by = ?');
      args.push(isoNow(this.clock), actor.id);
      this.sql(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
      if (patch.groupIds) this.setGroups(id, patch.groupIds);
      this.assertAnAdminRemains();
      // A password reset or a disable ends the user's sessions everywhere.
      if (hash || patch.disabled) this.sql('DELETE FROM sessions WHERE user_id = ?').run(id);
      const { password: _omit, ...shown } = patch;
      this.audit.record(actor, {
        action: 'update',
        entity: 'user',
        entityId: id,
        summary: `user ${before.username} changed${hash ? ' (password reset)' : ''}`,
        detail: { changes: shown, passwordChanged: !!hash },
      });
    })();
    return this.get(id);
  }

  /**
   * From a shell on the box (`studio-box reset-password`): the way back in when the admin
   * password is forgotten. Re-enables the account and ends its sessions.
   */
  async resetFromShell(username: string, password: string): Promise<User> {
    const user = this.findForLogin(username);
    if (!user) throw new NotFoundError(`user "${username}"`);
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      this.sql('UPDATE users SET password_hash = ?, disabled = 0, updated_at = ?, updated_by = NULL WHERE id = ?').run(hash, isoNow(this.clock), user.id);
      this.sql('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      this.audit.record(null, { action: 'update', entity: 'user', entityId: user.id, summary: `password of ${user.username} reset from the box's shell`, detail: { passwordChanged: true } });
    })();
    return this.get(user.id);
  }

  delete(actor: Actor, id: number): void {
    const before = this.get(id);
    if (id === actor.id) throw new ConflictError('you cannot delete yourself');
    if (before.isAdmin && !actor.isAdmin) throw new ForbiddenError('only an admin may delete an admin');
    this.assertMayGrant(actor, [], undefined, before);
    this.db.transaction(() => {
      this.sql('DELETE FROM users WHERE id = ?').run(id);
      this.assertAnAdminRemains();
      this.audit.record(actor, { action: 'delete', entity: 'user', entityId: id, summary: `user ${before.username} deleted`, detail: { username: before.username } });
    })();
  }

  private assertAnAdminRemains(): void {
    const n = (this.sql('SELECT COUNT(*) AS n FROM users WHERE is_admin = 1 AND disabled = 0').get() as { n: number }).n;
    if (n === 0) throw new ConflictError('the box needs at least one active admin');
  }

  private checkGroups(ids: number[]): void {
    const check = this.sql('SELECT 1 FROM groups WHERE id = ?');
    const missing = ids.filter((g) => !check.get(g));
    if (missing.length) throw new ValidationError([{ path: 'groupIds', message: `unknown group ${missing.join(', ')}` }]);
  }

  private setGroups(userId: number, groupIds: number[]): void {
    this.sql('DELETE FROM user_groups WHERE user_id = ?').run(userId);
    const add = this.sql('INSERT OR IGNORE INTO user_groups (user_id, group_id) VALUES (?, ?)');
    for (const g of groupIds) add.run(userId, g);
  }

  private groupIdsByUser(userId?: number): Map<number, number[]> {
    const rows = (
      userId === undefined
        ? this.sql('SELECT user_id, group_id FROM user_groups ORDER BY group_id').all()
        : this.sql('SELECT user_id, group_id FROM user_groups WHERE user_id = ? ORDER BY group_id').all(userId)
    ) as { user_id: number; group_id: number }[];
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.group_id]);
    return out;
  }
}

function toUser(r: UserRow, groupIds: number[]): User {
  return { id: r.id, username: r.username, displayName: r.display_name, isAdmin: !!r.is_admin, disabled: !!r.disabled, groupIds, ...meta(r) };
}
