// Serves API requests in the order they arrived, a few milliseconds of handler work per
// event-loop turn.
//
// Why: the handlers run synchronously (better-sqlite3), and Node reads every socket that is
// ready in one turn of the event loop and runs each request's handler right away. With 200
// browsers searching at once a turn took ~200 handlers (0.4–3 s on the 2-core box), and the
// listening socket got one accept() per turn: a browser that opened a new connection waited
// in the kernel's accept queue for many turns (2–20 s) while the connections already open
// were served again and again. Here a request only joins a queue when its socket is read; the
// queue is worked through for at most `sliceMs` per turn, then the loop goes back to I/O, so a
// new connection is accepted within milliseconds and every request waits only for those that
// arrived before it.
//
// Turns go round the client addresses: each address's requests are served in arrival order, and
// the addresses take one request each in rotation. A flood of requests from one device on the LAN
// (150 password guesses at once) then costs a colleague's request at another address one request
// of the flood's, not the whole flood queued in front of it.
import type { Request, RequestHandler } from 'express';

export interface FairTurnsOptions {
  /** Handler time per event-loop turn before the loop is given back to I/O. */
  sliceMs: number;
}

/** The requests waiting, per client address, and the addresses in the order they get a turn. */
class RoundRobin {
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly rotation: string[] = [];

  get size(): number {
    return this.rotation.length;
  }

  push(client: string, run: () => void): void {
    const mine = this.waiting.get(client);
    if (mine) mine.push(run);
    else {
      this.waiting.set(client, [run]);
      this.rotation.push(client);
    }
  }

  /** The next address's oldest request; the address goes to the back of the rotation if it has more. */
  take(): () => void {
    const client = this.rotation.shift()!;
    const mine = this.waiting.get(client)!;
    const run = mine.shift()!;
    if (mine.length > 0) this.rotation.push(client);
    else this.waiting.delete(client);
    return run;
  }
}

const clientOf = (req: Request): string => req.ip ?? req.socket?.remoteAddress ?? '';

export function fairTurns(opts: FairTurnsOptions = { sliceMs: 5 }): RequestHandler {
  const queue = new RoundRobin();
  let scheduled = false;

  const work = () => {
    const until = performance.now() + opts.sliceMs;
    try {
      do queue.take()();
      while (queue.size > 0 && performance.now() < until);
    } finally {
      scheduled = queue.size > 0;
      if (scheduled) setImmediate(work);
    }
  };

  return (req, _res, next) => {
    queue.push(clientOf(req), () => {
      // The browser gave up while the request waited (closed the tab, typed on): nothing to answer.
      if (req.socket.destroyed) return;
      try {
        next();
      } catch (err) {
        next(err);
      }
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(work);
    }
  };
}
