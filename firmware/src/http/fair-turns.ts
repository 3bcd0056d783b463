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
import type { RequestHandler } from 'express';

export interface FairTurnsOptions {
  /** Handler time per event-loop turn before the loop is given back to I/O. */
  sliceMs: number;
}

export function fairTurns(opts: FairTurnsOptions = { sliceMs: 5 }): RequestHandler {
  // A ring would avoid shift()'s copying; the queue is at most a few hundred long.
  const queue: (() => void)[] = [];
  let scheduled = false;

  const work = () => {
    const until = performance.now() + opts.sliceMs;
    try {
      do queue.shift()!();
      while (queue.length > 0 && performance.now() < until);
    } finally {
      scheduled = queue.length > 0;
      if (scheduled) setImmediate(work);
    }
  };

  return (req, _res, next) => {
    queue.push(() => {
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
