// Every record keeps created by/at and last changed by/at (A1). These helpers read them with
// the users' display names, so every service presents them the same way.
import type { UserRef } from '../api-types.js';

/** SELECT fragment for table alias `t`; join with metaJoins(t). */
export const metaColumns = (t: string): string =>
  `${t}.created_at, ${t}.created_by, cu_${t}.display_name AS created_by_name,
   ${t}.updated_at, ${t}.updated_by, uu_${t}.display_name AS updated_by_name`;

export const metaJoins = (t: string): string =>
  `LEFT JOIN users cu_${t} ON cu_${t}.id = ${t}.created_by
   LEFT JOIN users uu_${t} ON uu_${t}.id = ${t}.updated_by`;

export interface MetaRow {
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  updated_at: string;
  updated_by: number | null;
  updated_by_name: string | null;
}

/** Who, from a row's user id and the name joined (or kept) beside it. */
export const userRef = (id: number | null, name: string | null): UserRef | null => (id === null ? null : { id, name: name ?? '' });

export function meta(r: MetaRow): { createdAt: string; createdBy: UserRef | null; updatedAt: string; updatedBy: UserRef | null } {
  return {
    createdAt: r.created_at,
    createdBy: userRef(r.created_by, r.created_by_name),
    updatedAt: r.updated_at,
    updatedBy: userRef(r.updated_by, r.updated_by_name),
  };
}
