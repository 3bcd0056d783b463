// Pure permission logic (A1): a user's rights are the union of their groups' rights;
// an admin has every action on every feature. No I/O here.
import { ACTIONS, FEATURES, type Action, type Feature, type PermissionMap } from '../api-types.js';
import { ForbiddenError } from '../errors.js';

export interface Grant {
  feature: string;
  action: string;
}

const featureSet = new Set<string>(FEATURES);
const actionSet = new Set<string>(ACTIONS);

/** Union of grants, in catalogue order; unknown features/actions (from an older build) are ignored. */
export function effectivePermissions(isAdmin: boolean, grants: Iterable<Grant>): PermissionMap {
  if (isAdmin) return Object.fromEntries(FEATURES.map((f) => [f, [...ACTIONS]]));
  const sets = new Map<Feature, Set<Action>>();
  for (const g of grants) {
    if (!featureSet.has(g.feature) || !actionSet.has(g.action)) continue;
    const f = g.feature as Feature;
    if (!sets.has(f)) sets.set(f, new Set());
    sets.get(f)!.add(g.action as Action);
  }
  const out: PermissionMap = {};
  for (const f of FEATURES) {
    const s = sets.get(f);
    if (s?.size) out[f] = ACTIONS.filter((a) => s.has(a));
  }
  return out;
}

export function can(perms: PermissionMap, feature: Feature, action: Action): boolean {
  return perms[feature]?.includes(action) ?? false;
}

/** A permission map as rows, deduplicated, in catalogue order. */
export function toGrants(perms: PermissionMap): Grant[] {
  const out: Grant[] = [];
  for (const f of FEATURES) {
    const actions = new Set(perms[f] ?? []);
    for (const a of ACTIONS) if (actions.has(a)) out.push({ feature: f, action: a });
  }
  return out;
}

/** The rights in `wanted` that `held` lacks, as "feature: action" texts in catalogue order. */
export function rightsLacking(held: PermissionMap, wanted: PermissionMap): string[] {
  return toGrants(wanted)
    .filter((g) => !can(held, g.feature as Feature, g.action as Action))
    .map((g) => `${g.feature}: ${g.action}`);
}

/**
 * Nobody hands out a right they do not hold (A1): not to a group, not to a user by putting
 * them in a group, and not by taking over a user who holds more (a new password). Admins hold
 * every right, so this never stops them.
 */
export function assertHolds(held: PermissionMap, wanted: PermissionMap, what: string): void {
  const lacking = rightsLacking(held, wanted);
  if (lacking.length) throw new ForbiddenError(`${what} rights you do not hold yourself (${lacking.join(', ')})`);
}
