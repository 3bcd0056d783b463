// The daemon's recent log for the System page: under systemd (JOURNAL_STREAM set) the journal
// (`journalctl -u studio-box -o json`), else — or when the journal cannot be read — the lines
// this process kept in memory (log-ring.ts). A level filter (warn: warnings and worse).
import type { LogEntry, LogLevelName, LogRead } from '../../api-types.js';
import { LEVEL_RANK, type LogRing } from '../../log-ring.js';
import type { CommandRunner } from './run-command.js';

/** journald's PRIORITY (syslog) → our level names; the daemon writes <3> error, <4> warn, <6> info, <7> debug. */
export function levelOfPriority(p: number): LogLevelName {
  return p <= 2 ? 'fatal' : p === 3 ? 'error' : p === 4 ? 'warn' : p <= 6 ? 'info' : 'debug';
}

/** `-p` for journalctl: the syslog priority at and above which a level shows. */
const PRIORITY_OF: Record<LogLevelName, string> = { fatal: 'crit', error: 'err', warn: 'warning', info: 'info', debug: 'debug', trace: 'debug' };

/** One `journalctl -o json` line → an entry; null for a line that is not one. MESSAGE may be a byte array (not UTF-8 clean). */
export function parseJournalLine(line: string): LogEntry | null {
  let j: { MESSAGE?: unknown; PRIORITY?: string; __REALTIME_TIMESTAMP?: string };
  try {
    j = JSON.parse(line) as typeof j;
  } catch {
    return null;
  }
  const msg = typeof j.MESSAGE === 'string' ? j.MESSAGE : Array.isArray(j.MESSAGE) ? Buffer.from(j.MESSAGE as number[]).toString('utf8') : null;
  const micros = Number(j.__REALTIME_TIMESTAMP);
  if (msg === null || !Number.isFinite(micros)) return null;
  return { at: new Date(Math.floor(micros / 1000)).toISOString(), level: levelOfPriority(Number(j.PRIORITY ?? 6)), text: msg.trimEnd() };
}

export interface BoxLogOptions {
  ring: LogRing;
  run: CommandRunner;
  /** Whether the daemon's output goes to the journal (JOURNAL_STREAM is set by systemd). */
  underSystemd: boolean;
  unit?: string;
}

export async function readBoxLog(o: BoxLogOptions, minLevel: LogLevelName, limit: number): Promise<LogRead> {
  const memory = (journalProblem: string | null): LogRead => ({ source: 'memory', journalProblem, entries: o.ring.recent(minLevel, limit) });
  if (!o.underSystemd) return memory(null);
  const r = await o.run(['journalctl', '-u', o.unit ?? 'studio-box', '-o', 'json', '-n', String(limit), '-p', PRIORITY_OF[minLevel], '--no-pager', '-q'], { timeoutMs: 15_000 });
  if (r.missing) return memory('journalctl is not installed');
  const entries = r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map(parseJournalLine)
    .filter((e): e is LogEntry => e !== null && LEVEL_RANK[e.level] >= LEVEL_RANK[minLevel]);
  // Not in the groups that may read the system journal: journalctl says so and shows nothing of ours.
  if (r.code !== 0 || (entries.length === 0 && /permission|not seeing messages/i.test(r.stderr))) {
    return memory(r.stderr.trim().split('\n')[0] || `journalctl exited ${r.code}`);
  }
  return { source: 'journal', journalProblem: null, entries: entries.slice(-limit) };
}

/** The download: one line per entry, as a person reads it. */
export function logAsText(read: LogRead): string {
  return read.entries.map((e) => `${e.at} ${e.level.toUpperCase().padEnd(5)} ${e.text}\n`).join('');
}
