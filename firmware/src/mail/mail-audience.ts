// Who a group e-mail goes to (S6): a list of customer ids, or every customer matching a simple
// filter. The filter becomes parameterised SQL here (no user text in the statement); once the
// SMS campaigns' segment builder is on main, a segment should replace the filter.
import { z } from 'zod';
import { BUSINESS_TYPES, STAGES, type MailAudience } from '../api-types.js';
import { lineText, nameText } from '../util/text-schemas.js';

/** The most customers one list of ids may name. */
export const MAX_IDS = 10_000;

export const mailAudienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids: z.array(z.number().int().positive()).min(1, 'choose at least one customer').max(MAX_IDS) }).strict(),
  z
    .object({
      kind: z.literal('filter'),
      stage: z.enum(STAGES).optional(),
      businessType: z.enum(BUSINESS_TYPES).optional(),
      tag: nameText(40).optional(),
      area: lineText(100).pipe(z.string().min(1, 'required')).optional(),
    })
    .strict(),
]);

/** The statement listing the chosen customers' id, name and e-mail, and whether they opted out, by id. */
export function audienceStatement(a: MailAudience): { sql: string; args: (string | number)[] } {
  const select = `SELECT c.id, c.name, c.email, (o.customer_id IS NOT NULL) AS opted_out FROM customers c LEFT JOIN sms_opt_outs o ON o.customer_id = c.id`;
  if (a.kind === 'ids') {
    const ids = [...new Set(a.ids)];
    return { sql: `${select} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`, args: [JSON.stringify(ids)] };
  }
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (a.stage) where.push('c.stage = ?'), args.push(a.stage);
  if (a.businessType) where.push('c.business_type = ?'), args.push(a.businessType);
  if (a.area) where.push('c.area = ?'), args.push(a.area);
  if (a.tag) where.push('EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = ?)'), args.push(a.tag);
  return { sql: `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id`, args };
}
