// The bound on password hashes in flight: how many run, how many wait, who goes next.
import { describe, expect, it } from 'vitest';
import { HashGate } from '../../src/auth/hash-gate.js';

/** A hash that ends when the test says so, recording when it started. */
function harness(opts = { running: 1, waiting: 3, perClient: 2 }) {
  const gate = new HashGate(opts);
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const submit = (client: string, name: string) =>
    gate.run(client, () => {
      started.push(name);
      return new Promise<string>((resolve) => finish.set(name, () => resolve(name)));
    });
  const end = async (name: string) => {
    finish.get(name)!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { gate, started, submit, end };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('hash gate', () => {
  it('runs one at a time, queues a few, and refuses the rest at once', async () => {
    const { gate, started, submit, end } = harness();
    const a = submit('a', 'a1');
    const b = submit('b', 'b1');
    const c = submit('c', 'c1');
    const d = submit('d', 'd1');
    expect([a, b, c, d].every((p) => p !== null)).toBe(true);
    expect(submit('e', 'e1')).toBeNull(); // the queue is full
    await tick();
    expect(started).toEqual(['a1']);
    expect(gate.load).toEqual({ running: 1, waiting: 3 });
    await end('a1');
    expect(await a).toBe('a1');
    expect(started).toEqual(['a1', 'b1']);
    await end('b1');
    await end('c1');
    await end('d1');
    expect(await d).toBe('d1');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('gives one client address only its share', async () => {
    const { submit, end } = harness();
    expect(submit('a', 'a1')).not.toBeNull();
    expect(submit('a', 'a2')).not.toBeNull();
    expect(submit('a', 'a3')).toBeNull();
    expect(submit('b', 'b1')).not.toBeNull();
    await tick();
    await end('a1');
    expect(submit('a', 'a4')).not.toBeNull();
  });

  it('hands the next turn to the client served longest ago, not to the flood first in line', async () => {
    const { started, submit, end } = harness({ running: 1, waiting: 8, perClient: 2 });
    submit('flood', 'f1');
    submit('flood', 'f2');
    await tick();
    submit('desk', 'd1');
    await end('f1');
    expect(started).toEqual(['f1', 'd1']);
    await end('d1');
    expect(started).toEqual(['f1', 'd1', 'f2']);
  });

  it('a hash that fails frees its turn and reports the error', async () => {
    const gate = new HashGate({ running: 1, waiting: 1, perClient: 1 });
    await expect(gate.run('a', () => Promise.reject(new Error('no memory')))).rejects.toThrow('no memory');
    await expect(gate.run('a', async () => 'ok')).resolves.toBe('ok');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
