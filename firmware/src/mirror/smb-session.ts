// One long-lived smbclient session driven over standard input: many commands, one login.
//
// Why: a session costs 50 ms (quiet machine) to 300 ms (loaded) of process start, connect,
// negotiate, log in and tree connect before any byte moves; one per file made the mirror a
// quarter of `mput`'s speed. A batch of files now goes through one session.
//
// How the end of a command is seen: after each group of commands a marker line is sent,
// `lcd /dev/null/studio-box-mark-<n>`. It is local only (no round trip to the PC) and always
// fails the same way ("chdir to /dev/null/studio-box-mark-<n> failed (Not a directory)"):
// everything before that line in the output belongs to the group.
//
// Two details of smbclient 4.x make this work only when it runs as
// `stdbuf -i0 -oL smbclient …` with its standard error on the same pipe as its output:
// - standard input not being a terminal, smbclient polls the descriptor and then reads a line
//   through stdio: a second line that came in the same read() would sit in stdio's buffer,
//   unseen by the next poll, until more input arrived. `-i0` (unbuffered) reads byte by byte,
//   so no line waits behind another.
// - its output to a pipe is fully buffered: `-oL` flushes it line by line, so the marker comes
//   when the command is done; `2>&1` keeps its messages on stderr in order with the rest.
// The credentials stay in the authentication file (`-A`), never on the command line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ShareError } from './smb-errors.js';
import { failuresIn, utf8Pipe } from './smb-output.js';
import { smbclientEnv } from './smbclient-env.js';

const MARK_DIR = '/dev/null/studio-box-mark-';
// A whole line only: a read may end anywhere, also inside a marker's line, whose tail would
// otherwise be handed to the next exchange (smb-session-mux.test.ts).
const MARK_LINE = /^chdir to \/dev\/null\/studio-box-mark-(\d+) failed[^\n]*\n/m;

export interface SessionSpawn {
  program: string;
  args: string[];
}

/** An exchange sent and not yet answered: its marker, its time budget, and who waits for it. */
interface Waiting {
  mark: number;
  timeoutMs: number;
  resolve: (text: string) => void;
  reject: (err: ShareError) => void;
}

export class SmbSession {
  private child: ChildProcessWithoutNullStreams;
  private output = '';
  private exited = false;
  private killed = false;
  private next = 0;
  /**
   * Exchanges in the order they were written: smbclient answers them in that order. Several
   * may be outstanding (the mirror queues a group's puts while it renames the last group's).
   */
  private readonly waiting: Waiting[] = [];
  /** The time-out of the exchange smbclient is working on (the head of `waiting`). */
  private timer: NodeJS.Timeout | null = null;
  private readonly closed: Promise<void>;

  private constructor(s: SessionSpawn) {
    // sh only joins smbclient's stderr to its stdout; `exec` leaves smbclient as the process
    // (a kill reaches it); stdbuf and smbclient are looked up in PATH.
    this.child = spawn('/bin/sh', ['-c', 'exec stdbuf -i0 -oL "$@" 2>&1', 'sh', s.program, ...s.args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // English messages, UTF-8 names, malloc settings (smbclient-env.ts).
      env: smbclientEnv(),
    });
    const add = (text: string) => {
      this.output += text;
      this.answer();
      // Output nobody waits for (a flood of messages) is not kept without bound.
      if (this.output.length > 1 << 20) this.output = this.output.slice(-(1 << 19));
    };
    this.child.stdout.on('data', utf8Pipe(add));
    this.child.stderr.on('data', utf8Pipe(add));
    this.child.stdin.on('error', () => undefined);
    this.closed = new Promise<void>((resolve) => {
      const done = () => {
        this.exited = true;
        this.answer();
        resolve();
      };
      this.child.on('close', done);
      this.child.on('error', (err) => {
        this.output += `smbclient: ${err.message}\n`;
        done();
      });
    });
  }

  /** Starts smbclient and waits until it is logged in and connected to the share. */
  static async open(s: SessionSpawn, timeoutMs: number): Promise<SmbSession> {
    const session = new SmbSession(s);
    try {
      await session.exec([], timeoutMs);
    } catch (err) {
      session.kill();
      throw err;
    }
    return session;
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  /**
   * Runs commands and returns what smbclient printed for them. Throws when the session ends
   * before they are done (the PC went away: the reason smbclient printed) or on the time-out
   * (the session is then killed). A command's own failure is in the text, for the caller.
   */
  async exec(commands: string[], timeoutMs: number): Promise<string> {
    return (await this.execGroups([commands], timeoutMs))[0]!;
  }

  /**
   * Several groups of commands written at once, each followed by its marker: what smbclient
   * printed for each group, in order. The commands are written before this returns its
   * promise, so a caller may queue the next exchange behind them at once. Each group's
   * time-out (one for all, or one each) runs from when smbclient reaches it. The same
   * failures as `exec`.
   */
  execGroups(groups: string[][], timeoutMs: number | number[]): Promise<string[]> {
    if (!this.alive) return Promise.reject(this.endReason());
    for (const c of groups.flat()) if (/[\r\n]/.test(c)) return Promise.reject(new ShareError('bad_name', 'a command with a line break'));
    const answers = groups.map(
      (_, i) =>
        new Promise<string>((resolve, reject) => {
          this.waiting.push({ mark: ++this.next, timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : timeoutMs[i]!, resolve, reject });
        }),
    );
    const marks = this.waiting.slice(-groups.length).map((w) => w.mark);
    this.child.stdin.write(groups.map((g, i) => [...g, `lcd ${MARK_DIR}${marks[i]}`].join('\n') + '\n').join(''));
    if (!this.timer) this.arm();
    return Promise.all(answers);
  }

  /** Hands out what smbclient printed, exchange by exchange, as their markers arrive. */
  private answer(): void {
    for (;;) {
      const m = MARK_LINE.exec(this.output);
      if (!m) break;
      const text = this.output.slice(0, m.index);
      this.output = this.output.slice(m.index + m[0].length);
      const head = this.waiting[0];
      // A marker of no one's (cannot happen: answers come in order) is passed over.
      if (!head || Number(m[1]) !== head.mark) continue;
      this.waiting.shift();
      this.disarm();
      head.resolve(text);
      this.arm();
    }
    if (!this.alive && this.waiting.length) {
      this.disarm();
      const reason = this.endReason();
      for (const w of this.waiting.splice(0)) w.reject(reason);
    }
  }

  private arm(): void {
    const head = this.waiting[0];
    if (!head || this.timer) return;
    // A group queued behind others gets its budget when smbclient reaches it.
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const w of this.waiting.splice(0)) w.reject(new ShareError('timeout', 'smbclient did not finish in time'));
      this.kill();
    }, head.timeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private endReason(): ShareError {
    const f = failuresIn(this.output)[0];
    if (f) return ShareError.of(f);
    const last = this.output.trim().split('\n').at(-1);
    // smbclient ended without an NT status: the connection went away under it.
    return new ShareError('host_down', last ? `smbclient ended: ${last}` : 'smbclient ended');
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
    this.answer();
  }

  /** Ends the session (`quit`), killing it if it does not end within `ms`. */
  async close(ms = 5000): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end('quit\n');
    const t = setTimeout(() => this.kill(), ms);
    await this.closed;
    clearTimeout(t);
  }
}
