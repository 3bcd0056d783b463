import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, FEATURES, type PermissionMap } from '../../src/api-types.js';
import { assertHolds, can, effectivePermissions, rightsLacking, toGrants, type Grant } from '../../src/auth/permissions.js';

const grant = fc.record({ feature: fc.constantFrom(...FEATURES), action: fc.constantFrom(...ACTIONS) });

describe('effective permissions', () => {
  it('is the union of the groups’ grants', () => {
    const cashier: Grant[] = [{ feature: 'finance', action: 'view' }, { feature: 'finance', action: 'add' }];
    const front: Grant[] = [{ feature: 'customers', action: 'view' }, { feature: 'finance', action: 'view' }];
    const p = effectivePermissions(false, [...cashier, ...front]);
    expect(p).toEqual({ customers: ['view'], finance: ['view', 'add'] });
    expect(can(p, 'finance', 'add')).toBe(true);
    expect(can(p, 'finance', 'delete')).toBe(false);
    expect(can(p, 'users', 'view')).toBe(false);
  });

  it('gives nothing without grants, and everything to an admin', () => {
    expect(effectivePermissions(false, [])).toEqual({});
    const admin = effectivePermissions(true, []);
    for (const f of FEATURES) for (const a of ACTIONS) expect(can(admin, f, a)).toBe(true);
  });

  it('ignores features and actions it does not know (rows from another version)', () => {
    expect(effectivePermissions(false, [{ feature: 'teleport', action: 'view' }, { feature: 'customers', action: 'fly' }])).toEqual({});
  });

  it('property: a right is granted exactly when some group grants it, in any order of groups', () => {
    fc.assert(
      fc.property(fc.array(fc.array(grant, { maxLength: 12 }), { maxLength: 5 }), fc.constantFrom(...FEATURES), fc.constantFrom(...ACTIONS), (groups, f, a) => {
        const flat = groups.flat();
        const expected = flat.some((g) => g.feature === f && g.action === a);
        expect(can(effectivePermissions(false, flat), f, a)).toBe(expected);
        expect(can(effectivePermissions(false, [...groups].reverse().flat()), f, a)).toBe(expected);
      }),
    );
  });

  it('property: toGrants and effectivePermissions round-trip', () => {
    fc.assert(
      fc.property(fc.array(grant, { maxLength: 30 }), (grants) => {
        const p = effectivePermissions(false, grants);
        expect(effectivePermissions(false, toGrants(p))).toEqual(p);
      }),
    );
  });

  it('names the rights one would grant without holding them', () => {
    const held: PermissionMap = { customers: ['view', 'add'], users: ['edit'] };
    expect(rightsLacking(held, { customers: ['add', 'view'], finance: ['view'], users: ['edit', 'delete'] })).toEqual(['finance: view', 'users: delete']);
    expect(() => assertHolds(held, { audit: ['view'] }, 'a group cannot be given')).toThrow('a group cannot be given rights you do not hold yourself (audit: view)');
    expect(() => assertHolds(held, { customers: ['view'] }, 'x')).not.toThrow();
    expect(() => assertHolds(effectivePermissions(true, []), effectivePermissions(true, []), 'x')).not.toThrow();
  });

  it('property: what is lacking is exactly the wanted rights not held', () => {
    fc.assert(
      fc.property(fc.array(grant, { maxLength: 30 }), fc.array(grant, { maxLength: 30 }), (h, w) => {
        const held = effectivePermissions(false, h);
        const wanted = effectivePermissions(false, w);
        const lacking = new Set(rightsLacking(held, wanted));
        for (const f of FEATURES) for (const a of ACTIONS) expect(lacking.has(`${f}: ${a}`)).toBe(can(wanted, f, a) && !can(held, f, a));
      }),
    );
  });
});
