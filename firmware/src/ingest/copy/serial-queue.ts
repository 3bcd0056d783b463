/**
 * Runs async work one job at a time, in call order: a scan, an eject and a stop must not
 * interleave (a mount half done while its card is being ejected). A failed job does not stop
 * the ones after it; its caller gets the rejection.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
