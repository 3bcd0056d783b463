// Answers arriving out of order: only the newest request's answer (or failure) is applied.
import { describe, expect, it } from 'vitest';
import { latestOnly } from '../src/latest-only';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('latestOnly', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    const a = deferred<string>();
    const b = deferred<string>();
    const pa = latest(a.promise, (v) => applied.push(v));
    const pb = latest(b.promise, (v) => applied.push(v));
    b.resolve('new');
    await pb;
    a.resolve('old');
    await pa;
    expect(applied).toEqual(['new']);
  });

  it('applies answers in order when they come in order', async () => {
    const latest = latestOnly();
    const applied: number[] = [];
    await latest(Promise.resolve(1), (v) => applied.push(v));
    await latest(Promise.resolve(2), (v) => applied.push(v));
    expect(applied).toEqual([1, 2]);
  });

  it('reports only the newest failure, and a stale failure does not hide a newer success', async () => {
    const latest = latestOnly();
    const applied: string[] = [];
    const failed: unknown[] = [];
    const a = deferred<string>();
    const b = deferred<string>();
    const pa = latest(a.promise, (v) => applied.push(v), (e) => failed.push(e));
    const pb = latest(b.promise, (v) => applied.push(v), (e) => failed.push(e));
    b.resolve('ok');
    a.reject(new Error('old'));
    await Promise.all([pa, pb]);
    expect(applied).toEqual(['ok']);
    expect(failed).toEqual([]);
    const c = latest(Promise.reject(new Error('now')), () => applied.push('x'), (e) => failed.push((e as Error).message));
    await c;
    expect(failed).toEqual(['now']);
  });

  it('each instance counts on its own', async () => {
    const one = latestOnly();
    const two = latestOnly();
    const applied: string[] = [];
    const a = deferred<string>();
    const pa = one(a.promise, (v) => applied.push(v));
    await two(Promise.resolve('two'), (v) => applied.push(v));
    a.resolve('one');
    await pa;
    expect(applied).toEqual(['two', 'one']);
  });
});
