import type { Request, Response } from 'express';
import type { ServerEvent } from '../api-types.js';
import type { HttpContext } from './context.js';
import { authOf, resolveAuth, type Auth } from './auth-middleware.js';
import { mayReceive, redactFor } from '../events/event-rights.js';

const HEARTBEAT_MS = 15_000;

// Unnamed frames (the browser's default 'message' event) with the type inside the data: one
// handler in the UI receives every type, including those later issues add.
const frame = (e: ServerEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;

/**
 * GET /api/events: server-sent events for every logged-in screen. Not compressed (a
 * compressing proxy or middleware would buffer it); a comment line every 15 s keeps it
 * open; events missed during a reconnect are replayed from Last-Event-ID. The session and
 * the user's rights are read again before each event (a right lost stops the very next
 * event); the stream ends when the session does, and at once on logout, on a change of the
 * user's rights and when they are disabled (`ctx.streams`).
 */
export function eventStream(ctx: HttpContext, heartbeatMs = HEARTBEAT_MS) {
  return (req: Request, res: Response): void => {
    const auth = authOf(res);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 3000\n\n`);
    // No id line: a greeting must not move the browser's Last-Event-ID.
    const hello: ServerEvent = { id: 0, type: 'hello', at: new Date().toISOString(), data: { user: auth.actor.name } };
    res.write(`data: ${JSON.stringify(hello)}\n\n`);
    const last = Number(req.get('last-event-id') ?? req.query.lastEventId ?? NaN);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      done();
      res.end();
    };
    // Events some users may not see (a caller's card) stay off their streams; rights as of now.
    const send = (e: ServerEvent, now: Auth | null = resolveAuth(ctx, auth.token, false)) => {
      if (!now) return end();
      if (mayReceive(e.type, now.permissions)) res.write(frame({ ...e, data: redactFor(e.type, e.data, now.permissions) }));
    };
    const unsubscribe = ctx.events.subscribe((e) => send(e));
    const forget = ctx.streams.add(auth.actor.id, auth.token, end);
    const beat = setInterval(() => {
      if (!ctx.sessions.resolve(auth.token)) return end();
      res.write(': heartbeat\n\n');
    }, heartbeatMs);
    function done() {
      clearInterval(beat);
      unsubscribe();
      forget();
    }
    req.on('close', done);
    res.on('close', done);
    // Synchronous: no live event can come between the replayed ones.
    if (Number.isFinite(last)) {
      const now = resolveAuth(ctx, auth.token, false);
      for (const e of ctx.events.since(last)) if (!ended) send(e, now);
    }
  };
}
