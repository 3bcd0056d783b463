// `studio-box sim ring|hang-up|sms|delivery-reports|status`: drives the running box's simulated
// modem from a shell, through the daemon's control socket in the data folder
// (http/control-socket.ts), so a newcomer can make the phone ring and an SMS arrive without code.
import { request } from 'node:http';
import type { SimulatorSmsResult, SimulatorState } from '../api-types.js';
import type { Config } from '../config.js';
import { controlSocketPath } from '../http/control-socket.js';

export interface SimFlags {
  from?: string | undefined;
  text?: string | undefined;
  answer?: boolean | undefined;
  hangUpAfter?: string | undefined;
  json?: boolean | undefined;
}

export const SIM_USAGE = `usage:
  studio-box sim ring NUMBER [--answer] [--hang-up-after SECONDS]
  studio-box sim hang-up
  studio-box sim sms --from NUMBER --text TEXT
  studio-box sim delivery-reports on|off
  studio-box sim status [--json]
`;

interface Reply<T> {
  status: number;
  data?: T;
  error?: { code: string; message: string; fields?: { path: string; message: string }[] };
}

/** One request to the daemon's control socket; null when nothing listens there. */
function call<T>(socketPath: string, method: string, path: string, body?: unknown): Promise<Reply<T> | null> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { socketPath, method, path: `/api${path}`, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, ...(JSON.parse(text) as Omit<Reply<T>, 'status'>) });
          } catch {
            reject(new Error(`the box answered something unexpected (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => (['ENOENT', 'ECONNREFUSED'].includes(err.code ?? '') ? resolve(null) : reject(err)));
    req.end(payload);
  });
}

export async function simCommand(config: Config, args: string[], flags: SimFlags): Promise<number> {
  const [sub, arg] = args;
  let method = 'POST';
  let path: string;
  let body: unknown;
  switch (sub) {
    case 'ring': {
      if (!arg) return usage('sim ring: the caller\'s number is missing, e.g. studio-box sim ring +8613812345678');
      let hangUpAfterSeconds: number | undefined;
      if (flags.hangUpAfter !== undefined) {
        hangUpAfterSeconds = Number(flags.hangUpAfter);
        if (!(hangUpAfterSeconds > 0 && hangUpAfterSeconds <= 3600)) return usage('--hang-up-after: seconds, from 1 to 3600');
      }
      path = '/simulator/ring';
      body = { number: arg, ...(flags.answer ? { answer: true } : {}), ...(hangUpAfterSeconds !== undefined ? { hangUpAfterSeconds } : {}) };
      break;
    }
    case 'hang-up':
      path = '/simulator/hang-up';
      break;
    case 'sms':
      if (flags.from === undefined || flags.text === undefined) return usage('sim sms needs --from and --text');
      path = '/simulator/sms';
      body = { from: flags.from, text: flags.text };
      break;
    case 'delivery-reports':
      if (arg !== 'on' && arg !== 'off') return usage('sim delivery-reports: on or off');
      method = 'PUT';
      path = '/simulator/delivery-reports';
      body = { on: arg === 'on' };
      break;
    case 'status':
      method = 'GET';
      path = '/simulator';
      break;
    default:
      return usage(sub ? `unknown sim command "${sub}"` : null);
  }
  const socket = controlSocketPath(config.dataDir);
  const r = await call<SimulatorState | SimulatorSmsResult>(socket, method, path, body);
  if (!r) {
    process.stderr.write(`studio-box: no running box on the data folder ${config.dataDir} (nothing at ${socket}); start it with \`npm start\`, or pass the same --data as the box\n`);
    return 1;
  }
  if (r.error) {
    const fields = r.error.fields?.length ? `: ${r.error.fields.map((f) => `${f.path} ${f.message}`).join('; ')}` : '';
    process.stderr.write(`studio-box: ${r.error.code === 'not_found' ? 'this box has no simulated modem (modem.kind is not "simulator")' : r.error.message}${fields}\n`);
    return 1;
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify(r.data, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(said(sub, body, r.data!) + '\n');
  return 0;
}

function said(sub: string, body: unknown, data: SimulatorState | SimulatorSmsResult): string {
  if (sub === 'sms') {
    const parts = (data as SimulatorSmsResult).parts;
    return `an SMS from ${(body as { from: string }).from} arrived at the modem (${parts} part${parts > 1 ? 's' : ''}); the box shows it in the inbox`;
  }
  const s = data as SimulatorState;
  if (!s.running) return `the simulated modem is not running: ${s.detail ?? 'unknown'}`;
  const call = s.call ? `${s.call.state === 'ringing' ? 'ringing' : 'in a call'}: ${s.call.number} since ${s.call.since}` : 'no call';
  if (sub === 'ring') {
    const b = body as { answer?: boolean; hangUpAfterSeconds?: number };
    const then = [b.answer ? 'answered after the second ring' : null, b.hangUpAfterSeconds ? `the caller hangs up after ${b.hangUpAfterSeconds} s` : null].filter(Boolean);
    return `${call}${then.length ? ` (${then.join('; ')})` : ''}; the box shows the caller's card. \`studio-box sim hang-up\` ends the call`;
  }
  if (sub === 'hang-up') return 'the caller hung up';
  if (sub === 'delivery-reports') return `delivery reports ${s.deliveryReports ? 'on: sent messages become "delivered"' : 'off: sent messages stay "sent"'}`;
  return `simulated modem running; delivery reports ${s.deliveryReports ? 'on' : 'off'}; ${call}`;
}

function usage(problem: string | null): number {
  process.stderr.write(`${problem ? `studio-box: ${problem}\n` : ''}${SIM_USAGE}`);
  return 2;
}
