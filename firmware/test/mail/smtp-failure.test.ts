// nodemailer's errors → the reason a person can act on (pure).
import { describe, expect, it } from 'vitest';
import { smtpFailure } from '../../src/mail/smtp-failure.js';

describe('smtpFailure', () => {
  it.each([
    [{ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example.invalid' }, 'dns'],
    [{ code: 'ESOCKET', message: 'getaddrinfo EAI_AGAIN smtp.qq.com' }, 'dns'],
    [{ code: 'ESOCKET', message: 'self-signed certificate' }, 'tls'],
    [{ code: 'ESOCKET', message: "Hostname/IP does not match certificate's altnames" }, 'tls'],
    [{ code: 'ESOCKET', message: 'ssl3_get_record:wrong version number' }, 'tls'],
    [{ code: 'ETLS', message: 'Server does not support STARTTLS' }, 'tls'],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', message: 'Invalid login: 535 Invalid username or password' }, 'auth'],
    [{ code: 'ETIMEDOUT', message: 'Connection timeout' }, 'timeout'],
    [{ code: 'ECONNECTION', message: 'Greeting never received' }, 'connect'],
    [{ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, 'connect'],
    [{ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'connect'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', message: "Can't send mail - all recipients were rejected" }, 'recipient_rejected'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM', message: 'Mail command failed: 550 Sender not allowed' }, 'sender_rejected'],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, 'recipient_rejected'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA', message: 'Message size exceeds fixed limit' }, 'message_rejected'],
    [{ responseCode: 554, command: 'DATA', message: 'Transaction failed: spam' }, 'message_rejected'],
    [{ code: 'EPROTOCOL', message: 'Invalid greeting' }, 'other'],
    [{}, 'other'],
  ] as const)('%j → %s', (err, reason) => {
    expect(smtpFailure(err)).toBe(reason);
  });
});
