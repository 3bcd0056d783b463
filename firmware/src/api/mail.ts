// E-mail (S6): the studio's SMTP server, set in settings, and its "send test".

export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
/** tls: TLS from the first byte (port 465); starttls: plain, then upgraded (587), required; none: never encrypted. */
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** GET /api/mail/settings: the password itself is never sent back. */
export interface SmtpSettingsView {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  hasPassword: boolean;
  /** The sender address, e.g. "Ánh Dương Studio <studio@example.com>". */
  from: string;
  /** Accept a server whose certificate is self-signed or for another name (a box on a LAN mail relay). */
  allowInvalidCertificate: boolean;
}

/** PUT /api/mail/settings. `password` omitted = keep the saved one; '' = none. */
export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  password?: string;
  from: string;
  allowInvalidCertificate?: boolean;
}

/** Why a mail did not go, in words the UI tells again in the reader's language. */
export const MAIL_FAILURES = ['not_configured', 'dns', 'connect', 'timeout', 'tls', 'auth', 'sender_rejected', 'recipient_rejected', 'message_rejected', 'other'] as const;
export type MailFailure = (typeof MAIL_FAILURES)[number];

/** POST /api/mail/test {to} */
export type MailTestResult = { ok: true; to: string; response: string } | { ok: false; to: string; reason: MailFailure; detail: string };
