// E-mail (S6) through the studio's own SMTP server, set in settings. Sends with nodemailer; a
// failure says which part is wrong (smtp-failure.ts). The password is kept in the box's
// database (the box has no other secret store) and never sent back to a browser.
import { z } from 'zod';
import { SMTP_SECURITY, type Language, type MailTestResult, type SmtpSettingsInput, type SmtpSettingsView, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';
import { smtpFailure } from './smtp-failure.js';

const KEY = 'smtp';

/** An address, or "Name <address>". */
const address = lineText(200).refine((s) => /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(s), 'not an e-mail address');

export const smtpSettingsSchema = z
  .object({
    host: lineText(200).refine((s) => /^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/.test(s), 'a host name or address, e.g. smtp.qq.com'),
    port: z.number().int().min(1).max(65535),
    security: z.enum(SMTP_SECURITY),
    user: lineText(200),
    password: z.string().max(500).optional(),
    from: address,
    allowInvalidCertificate: z.boolean().optional(),
  })
  .strict();

export const mailTestSchema = z.object({ to: address }).strict();

interface Stored extends Omit<SmtpSettingsView, 'hasPassword'> {
  password: string;
}

/** Seconds the box waits for a server before saying it does not answer. */
const TIMEOUT_MS = 15_000;

const TEST_WORDS: Record<Language, { subject: string; text: string }> = {
  'zh-CN': { subject: 'Studio Box 测试邮件', text: '这是 Studio Box 发出的测试邮件。收到它说明发件服务器设置正确。' },
  vi: { subject: 'Thư thử từ Studio Box', text: 'Đây là thư thử do Studio Box gửi. Nhận được thư này nghĩa là máy chủ gửi thư đã được cài đặt đúng.' },
  en: { subject: 'Studio Box test e-mail', text: 'This is a test e-mail from Studio Box. If it arrived, the outgoing mail server is set up right.' },
};

export class MailService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly language: () => Language,
  ) {}

  private stored(): Stored | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Stored) : null;
  }

  /** The settings without the password; null until set. */
  view(): SmtpSettingsView | null {
    const s = this.stored();
    if (!s) return null;
    return { host: s.host, port: s.port, security: s.security, user: s.user, hasPassword: s.password !== '', from: s.from, allowInvalidCertificate: s.allowInvalidCertificate };
  }

  save(actor: UserRef, input: SmtpSettingsInput): SmtpSettingsView {
    this.db.transaction(() => {
      const before = this.stored();
      const next: Stored = {
        host: input.host,
        port: input.port,
        security: input.security,
        user: input.user,
        password: input.password ?? before?.password ?? '',
        from: input.from,
        allowInvalidCertificate: input.allowInvalidCertificate ?? false,
      };
      this.db
        .prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(KEY, JSON.stringify(next), isoNow(this.clock), actor.id);
      const { password: _p, ...shown } = next;
      this.audit.record(actor, { action: 'update', entity: 'settings', summary: `e-mail server set to ${next.host}:${next.port} (${next.security})`, detail: { smtp: { ...shown, passwordChanged: input.password !== undefined } } });
    })();
    return this.view()!;
  }

  /**
   * Sends one e-mail; the failure, if any, classified, with the SMTP step it failed at
   * (`command`: CONN, MAIL FROM, RCPT TO, DATA…) so a group send can tell "not sent" from "not known".
   */
  async send(to: string, subject: string, text: string): Promise<MailTestResult & { command?: string }> {
    const s = this.stored();
    if (!s) return { ok: false, to, reason: 'not_configured', detail: 'no e-mail server is set in the settings' };
    // nodemailer loads with the first e-mail, not at the daemon's start (idle memory, issue 17).
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: s.host.replace(/^\[|\]$/g, ''),
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      auth: s.user ? { user: s.user, pass: s.password } : undefined,
      tls: { rejectUnauthorized: !s.allowInvalidCertificate },
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    try {
      const info = await transport.sendMail({ from: s.from, to, subject, text });
      return { ok: true, to, response: String(info.response ?? '') };
    } catch (err) {
      const e = err as Error & { code?: string; responseCode?: number; command?: string };
      return { ok: false, to, reason: smtpFailure(e), detail: e.message, ...(e.command ? { command: e.command } : {}) };
    } finally {
      transport.close();
    }
  }

  /** The settings' "send test": audited with its outcome. */
  async sendTest(actor: UserRef, to: string): Promise<MailTestResult> {
    const w = TEST_WORDS[this.language()];
    const { command: _command, ...r } = await this.send(to, w.subject, w.text);
    this.audit.record(actor, { action: 'mail.test', entity: 'settings', summary: r.ok ? `test e-mail sent to ${to}` : `test e-mail to ${to} failed (${r.reason}): ${r.detail}`, detail: r });
    return r;
  }
}
