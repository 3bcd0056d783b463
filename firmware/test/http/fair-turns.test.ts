// The API's request queue (http/fair-turns.ts): requests are handled in arrival order, and the
// event loop gets a turn for I/O between slices of handler work, so that a burst of requests
// cannot keep new connections waiting. No timing: a slice of 0 ms runs one request per turn.
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { fairTurns } from '../../src/http/fair-turns.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function request(destroyed = false): Request {
  return { socket: { destroyed } } as unknown as Request;
}

describe('fair turns', () => {
  it('handles requests in the order they arrived, never while the request is being read', async () => {
    const handle = fairTurns({ sliceMs: 1_000 });
    const order: number[] = [];
    for (const n of [1, 2, 3]) handle(request(), {} as Response, (() => order.push(n)) as NextFunction);
    expect(order).toEqual([]); // queued, not run inside the socket's read
    await turn();
    expect(order).toEqual([1, 2, 3]);
  });

  it('gives the event loop back between slices: I/O queued by one request runs before the next request', async () => {
    const handle = fairTurns({ sliceMs: 0 });
    const log: string[] = [];
    for (const n of [1, 2, 3]) {
      handle(request(), {} as Response, (() => {
        log.push(`request ${n}`);
        setImmediate(() => log.push(`turn after ${n}`));
      }) as NextFunction);
    }
    for (let i = 0; i < 6; i++) await turn();
    expect(log).toEqual(['request 1', 'turn after 1', 'request 2', 'turn after 2', 'request 3', 'turn after 3']);
  });

  it('skips a request whose browser went away while it waited, and goes on with the rest', async () => {
    const handle = fairTurns({ sliceMs: 1_000 });
    const order: string[] = [];
    handle(request(true), {} as Response, (() => order.push('gone')) as NextFunction);
    handle(request(), {} as Response, (() => order.push('here')) as NextFunction);
    await turn();
    expect(order).toEqual(['here']);
  });

  it('passes a handler that throws to the error handler and keeps serving the queue', async () => {
    const handle = fairTurns({ sliceMs: 1_000 });
    const seen: unknown[] = [];
    const boom = new Error('boom');
    handle(request(), {} as Response, ((err?: unknown) => {
      if (err === undefined) throw boom;
      seen.push(err);
    }) as NextFunction);
    handle(request(), {} as Response, (() => seen.push('next request')) as NextFunction);
    await turn();
    expect(seen).toEqual([boom, 'next request']);
  });
});

describe('fair turns between addresses', () => {
  const from = (ip: string): Request => ({ ip, socket: { destroyed: false } }) as unknown as Request;

  it('serves the addresses in rotation, each address in arrival order', async () => {
    const handle = fairTurns({ sliceMs: 1_000 });
    const order: string[] = [];
    // A device floods first; a colleague and a third device ask while the flood waits.
    for (const n of [1, 2, 3, 4]) handle(from('10.0.0.9'), {} as Response, (() => order.push(`flood ${n}`)) as NextFunction);
    handle(from('10.0.0.2'), {} as Response, (() => order.push('colleague 1')) as NextFunction);
    handle(from('10.0.0.2'), {} as Response, (() => order.push('colleague 2')) as NextFunction);
    handle(from('10.0.0.3'), {} as Response, (() => order.push('third')) as NextFunction);
    await turn();
    expect(order).toEqual(['flood 1', 'colleague 1', 'third', 'flood 2', 'colleague 2', 'flood 3', 'flood 4']);
  });

  it('lets an address that comes back later take its turn again', async () => {
    const handle = fairTurns({ sliceMs: 0 });
    const order: string[] = [];
    handle(from('10.0.0.9'), {} as Response, (() => order.push('a1')) as NextFunction);
    await turn();
    handle(from('10.0.0.9'), {} as Response, (() => order.push('a2')) as NextFunction);
    handle(from('10.0.0.2'), {} as Response, (() => order.push('b1')) as NextFunction);
    for (let i = 0; i < 3; i++) await turn();
    expect(order).toEqual(['a1', 'a2', 'b1']);
  });
});
