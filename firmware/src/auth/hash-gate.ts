// Bounds the password hashes being computed. scrypt runs on libuv's thread pool (4 threads),
// which file reads, writes and statfs share: a flood of logins must not take all of it, and
// must not queue up seconds of work in front of a colleague's login. So: one hash at a time,
// a short queue served fairly between client addresses (the one served longest ago goes
// first), and a small share per address; the rest are refused at once (the caller answers
// 503 with Retry-After) instead of waiting.

export interface HashGateOptions {
  /** Hashes computed at the same time. */
  running: number;
  /** Hashes waiting for a turn, over all clients. */
  waiting: number;
  /** Hashes running or waiting for one client address. */
  perClient: number;
}

/**
 * One hash at a time leaves three of libuv's four threads to file work; a login then waits
 * for at most the hash under way and its own (~0.1 s each on a Pi 4), however hard another
 * address floods. Logins are rare in a studio: one at a time is plenty.
 */
export const LOGIN_HASHES: HashGateOptions = { running: 1, waiting: 8, perClient: 2 };

interface Waiter {
  client: string;
  start: () => void;
}

export class HashGate {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly byClient = new Map<string, number>();
  /** When each client with work here last got a turn (a counter, not a time). */
  private readonly lastTurn = new Map<string, number>();
  private turns = 0;

  constructor(private readonly opts: HashGateOptions) {}

  /** Runs `work` when a turn comes, or returns null at once when the box or this client has no room. */
  run<T>(client: string, work: () => Promise<T>): Promise<T> | null {
    const mine = this.byClient.get(client) ?? 0;
    const mustWait = this.running >= this.opts.running;
    if (mine >= this.opts.perClient || (mustWait && this.queue.length >= this.opts.waiting)) return null;
    this.byClient.set(client, mine + 1);
    let turn: Promise<void>;
    if (mustWait) turn = new Promise<void>((start) => this.queue.push({ client, start }));
    else {
      this.running += 1;
      this.lastTurn.set(client, ++this.turns);
      turn = Promise.resolve();
    }
    return turn.then(work).finally(() => this.done(client));
  }

  /** Hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  private done(client: string): void {
    const n = (this.byClient.get(client) ?? 1) - 1;
    if (n > 0) this.byClient.set(client, n);
    else (this.byClient.delete(client), this.lastTurn.delete(client));
    // The finished hash hands its turn to the waiting client served longest ago (first come among equals).
    let pick = -1;
    for (let i = 0; i < this.queue.length; i++) {
      if (pick < 0 || (this.lastTurn.get(this.queue[i]!.client) ?? 0) < (this.lastTurn.get(this.queue[pick]!.client) ?? 0)) pick = i;
    }
    if (pick < 0) {
      this.running -= 1;
      return;
    }
    const [next] = this.queue.splice(pick, 1);
    this.lastTurn.set(next!.client, ++this.turns);
    next!.start();
  }
}
