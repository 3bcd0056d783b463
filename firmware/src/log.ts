import { pino, type DestinationStream, type Logger } from 'pino';
import { levelName, recentLog, type LogRing } from './log-ring.js';

export type { Logger };

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /**
   * text (default): one short human line per entry on stderr, so the start banner on stdout
   * stays readable; under systemd (JOURNAL_STREAM set) without a time, which the journal adds,
   * and with the syslog priority prefix (<3> error…) the journal reads as the entry's level.
   * json: pino's JSON lines on stdout, for a log collector.
   */
  format?: LogFormat;
  /** Where text lines go (tests). */
  write?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Also keeps each entry here (the System page's lines off systemd); default the process's ring. */
  ring?: LogRing;
}

/** The root logger; modules take a child (`log.child({ module: 'crm' })`). */
export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const base = { level, base: { app: 'studio-box' } };
  const ring = opts.ring ?? recentLog;
  if (opts.format !== 'text') {
    const out = opts.write ?? ((line: string) => process.stdout.write(line));
    return pino(base, { write: (json: string) => (out(json), keep(ring, json)) });
  }
  const journal = Boolean((opts.env ?? process.env).JOURNAL_STREAM);
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const dest: DestinationStream = { write: (json: string) => (write(textLine(json, journal) + '\n'), keep(ring, json)) };
  return pino(base, dest);
}

function keep(ring: LogRing, json: string): void {
  try {
    const e = JSON.parse(json) as { level?: number; time?: number };
    const text = textLine(json, true).replace(/^<\d>\S+\s+/, '');
    ring.add({ at: new Date(typeof e.time === 'number' ? e.time : Date.now()).toISOString(), level: levelName(Number(e.level)), text });
  } catch {
    // Not pino's JSON: nothing to keep.
  }
}

const LEVELS: Record<number, { name: string; syslog: number }> = {
  10: { name: 'TRACE', syslog: 7 },
  20: { name: 'DEBUG', syslog: 7 },
  30: { name: 'INFO', syslog: 6 },
  40: { name: 'WARN', syslog: 4 },
  50: { name: 'ERROR', syslog: 3 },
  60: { name: 'FATAL', syslog: 2 },
};
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'module', 'err']);

/** `12:00:01 WARN  modem: link lost  port=/dev/ttyS0 lastError="…"` from one pino JSON line. */
export function textLine(json: string, journal: boolean): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const lv = LEVELS[e.level as number] ?? { name: String(e.level), syslog: 6 };
  const extra = Object.entries(e)
    .filter(([k, v]) => !OMIT.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/[\s"=]/.test(v) ? v : JSON.stringify(v)}`);
  const err = e.err as { message?: string; code?: string } | undefined;
  if (err?.message) extra.push(`error="${err.message}"`);
  const head = `${e.module ? `${String(e.module)}: ` : ''}${String(e.msg ?? '')}`;
  const body = `${lv.name.padEnd(5)} ${head}${extra.length ? `  ${extra.join(' ')}` : ''}`;
  if (journal) return `<${lv.syslog}>${body}`;
  const t = typeof e.time === 'number' ? new Date(e.time).toISOString().slice(11, 19) : '';
  return `${t} ${body}`;
}
