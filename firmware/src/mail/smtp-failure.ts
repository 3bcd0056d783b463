// Why an SMTP send failed, told from nodemailer's error (its `code`, the server's reply code,
// the socket's error code). Pure. The person setting up the box needs to know which of DNS,
// the connection, TLS, the login or the addresses is wrong, not "Error: 535 5.7.8".
import type { MailFailure } from '../api-types.js';

export interface SmtpErrorLike {
  code?: string | undefined;
  responseCode?: number | undefined;
  command?: string | undefined;
  message?: string | undefined;
  /** The underlying socket error's code, where nodemailer keeps it. */
  errno?: string | number | undefined;
  cause?: unknown;
}

const TLS_WORDS = /certificate|self[- ]signed|SSL|TLS|wrong version number|handshake|ERR_TLS|CERT_|unable to verify|altnames/i;

export function smtpFailure(err: SmtpErrorLike): MailFailure {
  const code = err.code ?? '';
  const message = err.message ?? '';
  if (code === 'EDNS' || /getaddrinfo|ENOTFOUND|EAI_AGAIN/.test(message)) return 'dns';
  if (code === 'ETLS' || TLS_WORDS.test(message)) return 'tls';
  if (code === 'EAUTH' || err.command === 'AUTH PLAIN' || err.command === 'AUTH LOGIN') return 'auth';
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(message)) return 'timeout';
  if (code === 'EENVELOPE') {
    if (/^MAIL FROM/i.test(err.command ?? '')) return 'sender_rejected';
    return 'recipient_rejected';
  }
  if (code === 'EMESSAGE' || (err.command === 'DATA' && (err.responseCode ?? 0) >= 500)) return 'message_rejected';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|closed unexpectedly/.test(message)) return 'connect';
  return 'other';
}
