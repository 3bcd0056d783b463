// A real SMTP server for the browser tests of e-mail (smtp-server on loopback, a free port): it
// asks for a login (password `code-1234`), offers no STARTTLS (a plain LAN relay), refuses any
// recipient whose address starts with `nobody@` (550), and keeps what it received.
import { SMTPServer } from 'smtp-server';

export const SMTP_PASSWORD = 'code-1234';

export interface ReceivedMail {
  to: string[];
  data: string;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _s, cb) => (auth.password === SMTP_PASSWORD ? cb(null, { user: auth.username }) : cb(Object.assign(new Error('Invalid login'), { responseCode: 535 }))),
    onRcptTo: (addr, _s, cb) => (addr.address.startsWith('nobody@') ? cb(Object.assign(new Error('No such user here'), { responseCode: 550 })) : cb()),
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => (received.push({ to: session.envelope.rcptTo.map((r) => r.address), data }), cb()));
    },
  });
  // A client that hangs up mid-conversation (the box's "send test" with a wrong setting) is not an error here.
  smtp.on('error', () => {});
  const port = await new Promise<number>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)));
  return { port, received, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

/** The subject lines of what arrived, in order. */
export const subjectsOf = (mails: ReceivedMail[]): string[] => mails.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1] ?? '');
