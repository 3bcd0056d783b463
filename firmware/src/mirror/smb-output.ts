// What smbclient's output means. Pure: the client (smb-client.ts) runs the program, this reads
// what it printed. Tested line by line in test/mirror/smb-output.test.ts with real smbclient
// 4.17 texts.
//
// smbclient goes on after a failed command and its exit code tells little (it reflects the
// last command), so every NT_STATUS in the output is looked at; a directory that already
// exists (mkdir's OBJECT_NAME_COLLISION) is the one failure that is expected.
import { StringDecoder } from 'node:string_decoder';
import type { ShareProblem } from '../api/mirror.js';

/**
 * A pipe's listener that hands on its text: one decoder per pipe, so a character of a Chinese
 * or Vietnamese name cut between two reads is joined again, not turned into U+FFFD (an `ls`
 * line would then not match its name; smb-session-mux.test.ts).
 */
export function utf8Pipe(onText: (text: string) => void): (d: Buffer) => void {
  const utf8 = new StringDecoder('utf8');
  return (d) => onText(utf8.write(d));
}

/** NT status → the reason a person is told, in the order they are checked. */
const REASONS: { problem: ShareProblem; codes: string[] }[] = [
  { problem: 'bad_credentials', codes: ['LOGON_FAILURE', 'WRONG_PASSWORD', 'NO_SUCH_USER', 'ACCOUNT_LOCKED_OUT', 'ACCOUNT_DISABLED', 'PASSWORD_EXPIRED', 'PASSWORD_MUST_CHANGE', 'ACCOUNT_RESTRICTION', 'INVALID_LOGON_HOURS', 'INVALID_WORKSTATION', 'ACCOUNT_EXPIRED'] },
  { problem: 'share_not_found', codes: ['BAD_NETWORK_NAME'] },
  { problem: 'host_down', codes: ['CONNECTION_REFUSED', 'IO_TIMEOUT', 'HOST_UNREACHABLE', 'NETWORK_UNREACHABLE', 'CONNECTION_RESET', 'CONNECTION_DISCONNECTED', 'CONNECTION_ABORTED', 'PORT_UNREACHABLE', 'NETWORK_NAME_DELETED', 'PIPE_BROKEN', 'END_OF_FILE', 'INVALID_NETWORK_RESPONSE'] },
  { problem: 'disk_full', codes: ['DISK_FULL', 'QUOTA_EXCEEDED'] },
  { problem: 'read_only', codes: ['ACCESS_DENIED', 'MEDIA_WRITE_PROTECTED', 'NETWORK_ACCESS_DENIED', 'SHARING_VIOLATION', 'CANNOT_DELETE'] },
  { problem: 'bad_name', codes: ['OBJECT_NAME_INVALID', 'OBJECT_PATH_SYNTAX_BAD', 'NAME_TOO_LONG'] },
];

const PROBLEM_OF = new Map<string, ShareProblem>(REASONS.flatMap((r) => r.codes.map((c) => [`NT_STATUS_${c}`, r.problem] as const)));

export interface SmbFailure {
  problem: ShareProblem;
  /** The NT status, when smbclient printed one. */
  status: string | null;
  /** The line it came from, for the log and the "last error" (never holds the password: smbclient never prints it). */
  line: string;
}

const STATUS = /\bNT_STATUS_[A-Z_]+\b/;

/** The connection's own failures: before any command ran. */
function connectFailure(line: string, status: string | null): SmbFailure | null {
  // A name that cannot be resolved: smbclient says UNSUCCESSFUL (or NOT_FOUND / BAD_NETWORK_PATH) on connect.
  if (/^do_connect: Connection to .* failed/.test(line) || /^Connection to .* failed/.test(line)) {
    const p = status ? PROBLEM_OF.get(status) : undefined;
    return { problem: p ?? (status === 'NT_STATUS_UNSUCCESSFUL' || status === 'NT_STATUS_BAD_NETWORK_PATH' || status === 'NT_STATUS_NOT_FOUND' ? 'unknown_host' : 'host_down'), status, line };
  }
  if (/^session setup failed/.test(line)) return { problem: (status ? PROBLEM_OF.get(status) : undefined) ?? 'bad_credentials', status, line };
  if (/^tree connect failed/.test(line)) return { problem: (status ? PROBLEM_OF.get(status) : undefined) ?? 'share_not_found', status, line };
  return null;
}

/**
 * The failures in smbclient's output, in order. `mkdir` finding the folder already there is
 * not one. Lines without an NT status that still say a command failed (a local file missing)
 * count as 'local'.
 */
export function failuresIn(output: string): SmbFailure[] {
  const out: SmbFailure[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const status = STATUS.exec(line)?.[0] ?? null;
    const c = connectFailure(line, status);
    if (c) {
      out.push(c);
      continue;
    }
    if (/ does not exist$/.test(line) && !status) {
      out.push({ problem: 'local', status: null, line });
      continue;
    }
    if (!status) continue;
    if (status === 'NT_STATUS_OBJECT_NAME_COLLISION' && /making remote directory/.test(line)) continue;
    out.push({ problem: PROBLEM_OF.get(status) ?? 'other', status, line });
  }
  return out;
}

/** The size `allinfo NAME` reports for the file's data stream; null when it printed none. */
export function sizeFromAllinfo(output: string): number | null {
  const m = /^stream: \[::\$DATA\], (\d+) bytes$/m.exec(output);
  return m ? Number(m[1]) : null;
}

/**
 * The size an `ls` listing gives for exactly `name` (the last part of a path); null when the
 * listing has no such line. The name is matched whole, not parsed out of the line, so a name
 * with runs of spaces or one that ends like an attribute column is read right.
 */
export function sizeFromLs(output: string, name: string): number | null {
  for (const line of output.split('\n')) {
    if (!line.startsWith(`  ${name}`)) continue;
    // smbclient: "  %-30s%7.7s %8.0f  %s": the name, padding, the attributes, the size, the time.
    const m = /^\s*[A-Z]*\s+(\d+)\s+\w{3} \w{3} [ \d]\d [\d:]{8} \d{4}$/.exec(line.slice(2 + name.length));
    if (m) return Number(m[1]);
  }
  return null;
}

/** Names in an `ls` listing (without . and ..), for the probe's list step. */
export function namesFromLs(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split('\n')) {
    // "  name with spaces                 A       54  Wed Dec  2 09:24:53 2026"
    const m = /^ {2}(.+?)\s+([A-Z]*)\s+(\d+)\s+\w{3} \w{3} [ \d]\d [\d:]{8} \d{4}$/.exec(line);
    if (m && m[1] !== '.' && m[1] !== '..') names.push(m[1]!);
  }
  return names;
}

/** Words for people, per problem (the UI has its own translations; these go to the log and CLI). */
export const PROBLEM_WORDS: Record<ShareProblem, string> = {
  not_configured: 'no shared folder is set up',
  unknown_host: 'the computer was not found on the network (check its name or IP address)',
  host_down: 'the computer does not answer (is it switched on and on the network?)',
  bad_credentials: 'the user name or password was refused',
  share_not_found: 'the computer has no shared folder of that name',
  read_only: 'the shared folder cannot be written with this user (read-only)',
  disk_full: 'the shared folder is full',
  bad_name: 'the shared folder refused a file or folder name',
  local: 'a file of the box could not be read',
  timeout: 'the computer took too long to answer',
  other: 'the shared folder answered with an error',
};

/** Whether a failure is about the share as a whole (wait and retry everything later) or about one file. */
export const SHARE_WIDE: ReadonlySet<ShareProblem> = new Set(['not_configured', 'unknown_host', 'host_down', 'bad_credentials', 'share_not_found', 'read_only', 'disk_full', 'timeout']);
