// A PATCH body as the SET list of an UPDATE: each field given (not undefined) and its column,
// booleans stored as 0/1. The columns come from a fixed map, never from the body.

/** `sets` like ["name = ?"], `args` in the same order, and what the record was for each field given. */
export function patchSets<K extends string>(
  columns: Record<K, string>,
  input: NoInfer<Partial<Record<K, string | number | boolean | null | undefined>>>,
  before: NoInfer<Partial<Record<K, unknown>>>,
): { sets: string[]; args: (string | number | null)[]; was: Record<string, unknown> } {
  const sets: string[] = [];
  const args: (string | number | null)[] = [];
  for (const [key, column] of Object.entries(columns) as [K, string][]) {
    const v = input[key];
    if (v === undefined) continue;
    sets.push(`${column} = ?`);
    args.push(typeof v === 'boolean' ? Number(v) : v);
  }
  const was = Object.fromEntries(Object.keys(input).map((k) => [k, before[k as K]]));
  return { sets, args, was };
}
