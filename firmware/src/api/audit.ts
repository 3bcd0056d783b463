import type { UserRef } from './core.js';

export interface AuditEntry {
  id: number;
  at: string;
  user: UserRef | null;
  /** e.g. 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'setup'. */
  action: string;
  /** e.g. 'customer', 'user', 'group', 'settings', 'session'. */
  entity: string;
  entityId: number | null;
  summary: string;
  detail: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` to get the next (older) page, null at the end. */
  nextBefore: number | null;
}
