// An imported list as a segment condition (S3, S6): phone numbers or customer numbers, one an
// entry (pasted, or a .txt/.csv file's first column), to the customers they name. An entry is
// first a customer number (exact), else a phone number read against the studio's country and
// looked up among every customer's numbers. Lookups go through the indexes in groups, as one
// JSON parameter each (no user text in the SQL).
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { SegmentListMatch } from '../api-types.js';
import { normalizePhone } from '../crm/phone.js';
import type { Db } from '../db/connection.js';

/** Entries one request may carry (the API's body limit); a longer list comes in several. */
export const LIST_BATCH = 10_000;

export const segmentListSchema = z.object({ entries: z.array(z.string().max(100)).min(1).max(LIST_BATCH) }).strict();

const GROUP = 5000;
const SHOWN_UNKNOWN = 50;

export function matchList(db: Db, rawEntries: readonly string[], country: CountryCode): SegmentListMatch {
  const entries = rawEntries.map((e) => e.trim().replace(/^["']|["']$/g, '').trim()).filter((e) => e !== '');
  const byNo = new Map<string, number>();
  const byPhone = new Map<string, number>();
  const noQuery = db.prepare(`SELECT customer_no AS k, id FROM customers WHERE customer_no IN (SELECT value FROM json_each(?))`);
  const phoneQuery = db.prepare(`SELECT e164 AS k, MIN(customer_id) AS id FROM customer_phones WHERE e164 IN (SELECT value FROM json_each(?)) GROUP BY e164`);
  const e164Of = new Map<string, string | null>();
  for (const e of entries) if (!e164Of.has(e)) {
    const p = normalizePhone(e, country);
    e164Of.set(e, p.ok ? p.phone.e164 : null);
  }
  const unique = [...e164Of.keys()];
  const phones = [...new Set([...e164Of.values()].filter((x): x is string => x !== null))];
  for (let i = 0; i < unique.length; i += GROUP) for (const r of noQuery.all(JSON.stringify(unique.slice(i, i + GROUP))) as { k: string; id: number }[]) byNo.set(r.k, r.id);
  for (let i = 0; i < phones.length; i += GROUP) for (const r of phoneQuery.all(JSON.stringify(phones.slice(i, i + GROUP))) as { k: string; id: number }[]) byPhone.set(r.k, r.id);
  const ids = new Set<number>();
  const unknown: string[] = [];
  let unknownCount = 0;
  let repeated = 0;
  for (const e of entries) {
    const e164 = e164Of.get(e);
    const id = byNo.get(e) ?? (e164 ? byPhone.get(e164) : undefined);
    if (id === undefined) {
      unknownCount++;
      if (unknown.length < SHOWN_UNKNOWN) unknown.push(e);
    } else if (ids.has(id)) repeated++;
    else ids.add(id);
  }
  return { customerIds: [...ids].sort((a, b) => a - b), entries: entries.length, repeated, unknownCount, unknown };
}
