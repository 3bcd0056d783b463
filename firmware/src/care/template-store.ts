// The studio's message templates (S1): created, changed and deleted by staff with the
// templates right, each change audited. For a purpose and language the newest of the studio's
// own templates is the one in use; without one, the shipped default (care/default-templates.ts).
import { z } from 'zod';
import { LANGUAGES, type Language, type SmsTemplate, type SmsTemplateInput, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError } from '../errors.js';
import { MAX_SMS_CHARS } from '../modem/sms/sms-service.js';
import { isoNow, type Clock } from '../util/clock.js';
import { nameText } from '../util/text-schemas.js';
import { DEFAULT_TEMPLATES, TEMPLATE_PURPOSES, type TemplatePurpose } from './default-templates.js';
import { unknownPlaceholders } from './template-render.js';

const body = z
  .string()
  .refine((s) => s.trim() !== '', 'empty')
  .refine((s) => [...s].length <= MAX_SMS_CHARS, `longer than ${MAX_SMS_CHARS} characters`)
  .superRefine((s, ctx) => {
    const unknown = unknownPlaceholders(s);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.join(', ')}` });
  });

export const templateInputSchema = z
  .object({ name: nameText(100), purpose: z.enum(TEMPLATE_PURPOSES), language: z.enum(LANGUAGES), body })
  .strict();
export const templatePatchSchema = templateInputSchema.partial().strict();

interface Row extends MetaRow {
  id: number;
  name: string;
  purpose: string;
  language: Language;
  body: string;
}

/** The template in use for a purpose: the studio's own (id) or the shipped default (id null). */
export interface TemplateInUse {
  id: number | null;
  body: string;
  language: Language;
}

export class TemplateStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  list(): SmsTemplate[] {
    return (this.sql(`SELECT t.*, ${metaColumns('t')} FROM sms_templates t ${metaJoins('t')} ORDER BY t.purpose, t.language, t.updated_at DESC, t.id DESC`).all() as Row[]).map(toTemplate);
  }

  get(id: number): SmsTemplate {
    const r = this.sql(`SELECT t.*, ${metaColumns('t')} FROM sms_templates t ${metaJoins('t')} WHERE t.id = ?`).get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`template ${id}`);
    return toTemplate(r);
  }

  /** The studio's newest template for the purpose and language, else the shipped default. */
  inUse(purpose: TemplatePurpose, language: Language): TemplateInUse {
    const r = this.sql(`SELECT id, body FROM sms_templates WHERE purpose = ? AND language = ? ORDER BY updated_at DESC, id DESC LIMIT 1`).get(purpose, language) as
      | { id: number; body: string }
      | undefined;
    return r ? { id: r.id, body: r.body, language } : { id: null, body: DEFAULT_TEMPLATES[purpose][language], language };
  }

  /** A chosen template (an automatic message's setting); null when it was deleted meanwhile. */
  find(id: number): TemplateInUse | null {
    const r = this.sql(`SELECT id, body, language FROM sms_templates WHERE id = ?`).get(id) as { id: number; body: string; language: Language } | undefined;
    return r ?? null;
  }

  /** `input` validated by the route with templateInputSchema. */
  create(actor: UserRef, input: SmsTemplateInput): SmsTemplate {
    const id = this.db
      .transaction(() => {
        const now = isoNow(this.clock);
        const r = this.sql(
          `INSERT INTO sms_templates (name, purpose, language, body, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(input.name, input.purpose, input.language, input.body, now, actor.id, now, actor.id);
        const id = Number(r.lastInsertRowid);
        this.audit.record(actor, { action: 'create', entity: 'sms_template', entityId: id, summary: `template "${input.name}" (${input.purpose}, ${input.language}) created`, detail: input });
        return id;
      })
      .immediate();
    return this.get(id);
  }

  update(actor: UserRef, id: number, patch: Partial<SmsTemplateInput>): SmsTemplate {
    this.db
      .transaction(() => {
        const before = this.get(id);
        const next = { name: patch.name ?? before.name, purpose: patch.purpose ?? before.purpose, language: patch.language ?? before.language, body: patch.body ?? before.body };
        this.sql(`UPDATE sms_templates SET name = ?, purpose = ?, language = ?, body = ?, updated_at = ?, updated_by = ? WHERE id = ?`).run(
          next.name, next.purpose, next.language, next.body, isoNow(this.clock), actor.id, id,
        );
        this.audit.record(actor, { action: 'update', entity: 'sms_template', entityId: id, summary: `template "${next.name}" changed`, detail: { before: { name: before.name, purpose: before.purpose, language: before.language, body: before.body }, after: next } });
      })
      .immediate();
    return this.get(id);
  }

  /** Messages sent from it keep their text; they only lose the link (ON DELETE SET NULL). */
  delete(actor: UserRef, id: number): void {
    this.db
      .transaction(() => {
        const before = this.get(id);
        this.sql(`DELETE FROM sms_templates WHERE id = ?`).run(id);
        this.audit.record(actor, { action: 'delete', entity: 'sms_template', entityId: id, summary: `template "${before.name}" deleted`, detail: { purpose: before.purpose, language: before.language, body: before.body } });
      })
      .immediate();
  }
}

function toTemplate(r: Row): SmsTemplate {
  return { id: r.id, name: r.name, purpose: r.purpose, language: r.language, body: r.body, ...meta(r) };
}
