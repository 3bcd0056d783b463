import { z } from 'zod';
import { nameText } from '../util/text-schemas.js';
import { ACTIONS, FEATURES, type Group, type GroupCreate, type GroupPatch, type PermissionMap, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { isoNow, type Clock } from '../util/clock.js';
import { assertHolds, effectivePermissions, toGrants, type Grant } from './permissions.js';
import { statementCache } from '../db/statements.js';

export const permissionMapSchema = z.partialRecord(z.enum(FEATURES), z.array(z.enum(ACTIONS)).max(ACTIONS.length));

export const groupCreateSchema = z
  .object({
    name: nameText(60),
    description: z.string().trim().max(500).optional(),
    permissions: permissionMapSchema.optional(),
    /** Largest discount off a bill's gross its members may give, percent (F1). */
    discountLimitPct: z.number().int().min(0).max(100).optional(),
  })
  .strict();

export const groupPatchSchema = groupCreateSchema.partial().strict();

interface GroupRow extends MetaRow {
  id: number;
  name: string;
  description: string;
  discount_limit_pct: number;
}

/** Groups carry permissions (A1); a user's rights are the union of their groups'. */
export class GroupService {
  /** Prepared once per connection: the session, user and rights look-ups run on every request. */
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  list(): Group[] {
    const rows = this.sql(`SELECT g.*, ${metaColumns('g')} FROM groups g ${metaJoins('g')} ORDER BY g.name`).all() as GroupRow[];
    return rows.map((r) => this.toGroup(r));
  }

  get(id: number): Group {
    const r = this.sql(`SELECT g.*, ${metaColumns('g')} FROM groups g ${metaJoins('g')} WHERE g.id = ?`).get(id) as GroupRow | undefined;
    if (!r) throw new NotFoundError(`group ${id}`);
    return this.toGroup(r);
  }

  /** `held`: the actor's own rights; a group cannot be given more. */
  create(actor: UserRef, held: PermissionMap, input: GroupCreate): Group {
    assertHolds(held, input.permissions ?? {}, 'a new group cannot have');
    this.assertLimitHeld(actor, input.discountLimitPct);
    const id = this.db.transaction(() => {
      this.assertNameFree(input.name);
      const now = isoNow(this.clock);
      const res = this.sql('INSERT INTO groups (name, description, discount_limit_pct, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.name, input.description ?? '', input.discountLimitPct ?? 0, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.setPermissions(id, input.permissions ?? {});
      this.audit.record(actor, { action: 'create', entity: 'group', entityId: id, summary: `group ${input.name} created`, detail: input });
      return id;
    })();
    return this.get(id);
  }

  /** Only a group whose rights the actor holds, and only to rights the actor holds. */
  update(actor: UserRef, held: PermissionMap, id: number, patch: GroupPatch): Group {
    const before = this.get(id);
    assertHolds(held, before.permissions, `group ${before.name} has`);
    if (patch.permissions) assertHolds(held, patch.permissions, 'a group cannot be given');
    this.assertLimitHeld(actor, before.discountLimitPct);
    this.assertLimitHeld(actor, patch.discountLimitPct);
    this.db.transaction(() => {
      if (patch.name !== undefined && patch.name.toLowerCase() !== before.name.toLowerCase()) this.assertNameFree(patch.name);
      this.sql('UPDATE groups SET name = ?, description = ?, discount_limit_pct = ?, updated_at = ?, updated_by = ? WHERE id = ?')
        .run(patch.name ?? before.name, patch.description ?? before.description, patch.discountLimitPct ?? before.discountLimitPct, isoNow(this.clock), actor.id, id);
      if (patch.permissions) this.setPermissions(id, patch.permissions);
      this.audit.record(actor, {
        action: 'update',
        entity: 'group',
        entityId: id,
        summary: `group ${before.name} changed`,
        detail: { before: { name: before.name, description: before.description, permissions: before.permissions, discountLimitPct: before.discountLimitPct }, changes: patch },
      });
    })();
    return this.get(id);
  }

  delete(actor: UserRef, held: PermissionMap, id: number): void {
    const before = this.get(id);
    assertHolds(held, before.permissions, `group ${before.name} has`);
    this.db.transaction(() => {
      this.sql('DELETE FROM groups WHERE id = ?').run(id);
      this.audit.record(actor, { action: 'delete', entity: 'group', entityId: id, summary: `group ${before.name} deleted`, detail: before });
    })();
  }

  /**
   * The largest discount this user may give off a bill, percent of its gross: the largest of
   * their groups' limits; an admin 100. A disabled or unknown user: 0.
   */
  discountLimitOf(userId: number): number {
    const r = this.sql(
      `SELECT u.is_admin, (SELECT MAX(g.discount_limit_pct) FROM user_groups ug JOIN groups g ON g.id = ug.group_id WHERE ug.user_id = u.id) AS pct
       FROM users u WHERE u.id = ? AND u.disabled = 0`,
    ).get(userId) as { is_admin: number; pct: number | null } | undefined;
    if (!r) return 0;
    return r.is_admin ? 100 : (r.pct ?? 0);
  }

  /** As with rights: nobody gives (or changes) a discount limit above their own. */
  private assertLimitHeld(actor: UserRef, pct: number | undefined): void {
    if (pct === undefined) return;
    const own = this.discountLimitOf(actor.id);
    if (pct > own) throw new ForbiddenError(`a discount limit of ${pct}% is above your own (${own}%)`);
  }

  private assertNameFree(name: string): void {
    if (this.sql('SELECT 1 FROM groups WHERE name = ?').get(name)) throw new ConflictError(`group name "${name}" is taken`);
  }

  private setPermissions(groupId: number, perms: PermissionMap): void {
    this.sql('DELETE FROM group_permissions WHERE group_id = ?').run(groupId);
    const add = this.sql('INSERT INTO group_permissions (group_id, feature, action) VALUES (?, ?, ?)');
    for (const g of toGrants(perms)) add.run(groupId, g.feature, g.action);
  }

  private toGroup(r: GroupRow): Group {
    const grants = this.sql('SELECT feature, action FROM group_permissions WHERE group_id = ?').all(r.id) as Grant[];
    const members = this.sql('SELECT user_id FROM user_groups WHERE group_id = ? ORDER BY user_id').all(r.id) as { user_id: number }[];
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      discountLimitPct: r.discount_limit_pct,
      permissions: effectivePermissions(false, grants),
      memberIds: members.map((m) => m.user_id),
      ...meta(r),
    };
  }
}
