// A client of /api/events for tests: collects frames as they arrive and says when the server ended the stream.
import { expect } from 'vitest';
import type { ServerEvent } from '../../src/api-types.js';

export interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

/** Opens the stream and collects frames as they arrive. */
export async function openEventStream(baseUrl: string, headers: Record<string, string>) {
  const ac = new AbortController();
  const res = await fetch(new URL('/api/events', baseUrl), { headers, signal: ac.signal });
  const frames: Frame[] = [];
  let buffer = '';
  let ended = false;
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const f: Frame = {};
          for (const line of block.split('\n')) {
            const m = /^(id|event|data): (.*)$/.exec(line);
            if (m) f[m[1] as keyof Frame] = m[2];
          }
          // Every frame is an unnamed 'message' whose data carries its type.
          expect(f.event).toBeUndefined();
          if (f.data) frames.push({ ...f, event: (JSON.parse(f.data) as ServerEvent).type });
        }
      }
      ended = true; // the server ended it
    } catch {
      // aborted
    }
  })();
  const waitFor = async (pred: (f: Frame) => boolean, ms = 3000): Promise<Frame> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const hit = frames.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no such event within ${ms} ms; got ${JSON.stringify(frames)}`);
  };
  /** Resolves true when the server ends the stream within `ms`, false when it is still open then. */
  const endsWithin = async (ms: number): Promise<boolean> => {
    await Promise.race([reading, new Promise((r) => setTimeout(r, ms))]);
    return ended;
  };
  return { res, frames, waitFor, endsWithin, close: async () => (ac.abort(), await reading) };
}
