// Which order a folder of edited files belongs to (post-production tasks, docs/workflow.md).
// Pure. Edited files are stored under "<customer>/<order folder>/<kind>/": the order folder is
// the label staff typed at the card or in the import form, so it is matched to the order's
// number ("20261202-003", or "20261202-003 Lan wedding"); a folder that names no order closes
// nothing, unless the customer has exactly one order with an open task of that kind (a studio
// that never types labels still gets its task closed, and a guess between two orders is never
// made).

/** The label is the order number, or starts with it followed by a character that is not a letter or digit. Case and spaces around ignored. */
export function labelNamesOrder(label: string | null | undefined, orderNo: string): boolean {
  const l = (label ?? '').trim().toLowerCase();
  const n = orderNo.trim().toLowerCase();
  if (!n || !l.startsWith(n)) return false;
  const next = l.slice(n.length, n.length + 1);
  return next === '' || !/[\p{L}\p{N}]/u.test(next);
}

export interface OrderWithOpenTasks {
  orderId: number;
  orderNo: string;
  /** The order has an open or in-progress task of the imported kind. */
  hasOpenTask: boolean;
}

/** The orders whose open tasks of the kind the imported files close. */
export function ordersClosedBy(label: string | null | undefined, orders: readonly OrderWithOpenTasks[]): number[] {
  const named = orders.filter((o) => labelNamesOrder(label, o.orderNo));
  if (named.length) return named.filter((o) => o.hasOpenTask).map((o) => o.orderId);
  const open = orders.filter((o) => o.hasOpenTask);
  return open.length === 1 ? [open[0]!.orderId] : [];
}
