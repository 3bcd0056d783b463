import type { Request, Response } from 'express';
import type { ServerEvent } from '../api-types.js';
import type { HttpContext } from './context.js';
import { authOf } from './auth-middleware.js';
import { mayReceive, redactFor } from '../events/event-rights.js';

const HEARTBEAT_MS = 15_000;

// Unnamed frames (the browser's default 'message' event) with the type inside the data: one
// handler in the UI receives every type, including those later issues add.
const frame = (e: ServerEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;

/**
 * GET /api/events: server-sent events for every logged-in screen. Not compressed (a
 * compressing proxy or middleware would buffer it); a comment line every 15 s keeps it
 * open; events missed during a reconnect are replayed from Last-Event-ID. The stream ends
 * when the session does.
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
    // Events some users may not see (a caller's card) stay off their streams.
    const send = (e: ServerEvent) => {
      if (mayReceive(e.type, auth.permissions)) res.write(frame({ ...e, data: redactFor(e.type, e.data, auth.permissions) }));
    };
    if (Number.isFinite(last)) for (const e of ctx.events.since(last)) send(e);
    const unsubscribe = ctx.events.subscribe(send);
    const beat = setInterval(() => {
      if (!ctx.sessions.resolve(auth.token)) return res.end();
      res.write(': heartbeat\n\n');
    }, heartbeatMs);
    const done = () => {
      clearInterval(beat);
      unsubscribe();
    };
    req.on('close', done);
    res.on('close', done);
  };
}
