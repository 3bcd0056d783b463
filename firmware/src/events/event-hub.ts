import type { ServerEvent } from '../api-types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';

type Listener = (e: ServerEvent) => void;

// Enough to replay what a browser missed during a short reconnect (Last-Event-ID).
const REPLAY = 500;

/**
 * Pushes events to every open screen (via /api/events) and to in-process listeners.
 * A listener that throws is logged and removed from nothing else: it cannot break the hub.
 */
export class EventHub {
  // Ids start from the boot time in ms so a browser's Last-Event-ID from before a restart is never "ahead".
  private nextId: number;
  private readonly recent: ServerEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.nextId = clock().getTime();
  }

  publish(type: string, data: unknown): ServerEvent {
    const e: ServerEvent = { id: this.nextId++, type, at: this.clock().toISOString(), data };
    this.recent.push(e);
    if (this.recent.length > REPLAY) this.recent.shift();
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch (err) {
        this.log.error({ err, type }, 'event listener failed');
      }
    }
    return e;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Events after `lastId` still held, oldest first. */
  since(lastId: number): ServerEvent[] {
    return this.recent.filter((e) => e.id > lastId);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
