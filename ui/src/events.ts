// Server events shared by all tabs of this browser. Over plain HTTP/1.1 a browser allows
// only 6 connections per origin across ALL tabs (FIELD-NOTES), so one tab, the leader, holds
// the single EventSource and rebroadcasts every event on a BroadcastChannel. The leader is
// elected through a heartbeat in localStorage: the box is plain http, where Web Locks (a
// secure-context API) is missing. A stale heartbeat lets another tab take over; events are
// deduplicated by id, and a new leader resumes from the last id seen (the box replays).
// Without BroadcastChannel or localStorage every tab opens its own EventSource.
import type { ServerEvent } from './contract';

export type EventHandler = (event: ServerEvent) => void;

export interface SharedEvents {
  start(): void;
  stop(): void;
  /** Calls fn for every event of that type; returns the unsubscribe function. */
  subscribe(type: string, fn: EventHandler): () => void;
}

const LEADER_KEY = 'studio-box.events-leader';
const CHANNEL_NAME = 'studio-box.events';
const BEAT_MS = 1000;
const STALE_MS = 4000;
const RETRY_MS = 5000;
const SEEN_MAX = 300;
type ChannelMessage = { kind: 'event'; event: ServerEvent };

interface LeaderRecord {
  id: string;
  at: number;
}

function storageWorks(): boolean {
  try {
    localStorage.setItem('studio-box.probe', '1');
    localStorage.removeItem('studio-box.probe');
    return true;
  } catch {
    return false;
  }
}

function isServerEvent(v: unknown): v is ServerEvent {
  return typeof v === 'object' && v !== null && typeof (v as ServerEvent).id === 'number' && typeof (v as ServerEvent).type === 'string';
}

export function createSharedEvents(opts: { url?: string; onStreamRefused?: () => void } = {}): SharedEvents {
  const url = opts.url ?? '/api/events';
  const tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const shared = typeof BroadcastChannel === 'function' && storageWorks();
  const handlers = new Map<string, Set<EventHandler>>();
  const seen = new Set<number>();
  let lastId: number | null = null;
  let channel: BroadcastChannel | null = null;
  let source: EventSource | null = null;
  let beat: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let leading = false;

  function deliver(event: ServerEvent): void {
    if (event.id > 0) {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as number);
      lastId = Math.max(lastId ?? 0, event.id);
    }
    for (const fn of [...(handlers.get(event.type) ?? [])]) {
      try {
        fn(event);
      } catch (err) {
        console.error('event handler failed', event.type, err);
      }
    }
  }

  function post(message: ChannelMessage): void {
    channel?.postMessage(message);
  }

  // The box sends every event as an unnamed message whose data is a ServerEvent.
  function onSourceMessage(m: MessageEvent<string>): void {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(m.data);
    } catch {
      return;
    }
    if (!isServerEvent(parsed)) return;
    deliver(parsed);
    post({ kind: 'event', event: parsed });
  }

  function openSource(): void {
    if (source || !running) return;
    source = new EventSource(lastId ? `${url}?lastEventId=${lastId}` : url);
    source.addEventListener('message', onSourceMessage);
    source.addEventListener('error', () => {
      // CLOSED means the box refused the stream (e.g. the session ended); the browser will
      // not retry by itself, so we do, and let the app check whether we are still logged in.
      if (source?.readyState !== EventSource.CLOSED) return;
      closeSource();
      opts.onStreamRefused?.();
      if (retry === null) retry = setTimeout(() => ((retry = null), leading && openSource()), RETRY_MS);
    });
  }

  function closeSource(): void {
    source?.close();
    source = null;
  }

  function readLeader(): LeaderRecord | null {
    try {
      const v = JSON.parse(localStorage.getItem(LEADER_KEY) ?? 'null') as LeaderRecord | null;
      return v && typeof v.id === 'string' && typeof v.at === 'number' ? v : null;
    } catch {
      return null;
    }
  }

  function writeLeader(): void {
    localStorage.setItem(LEADER_KEY, JSON.stringify({ id: tabId, at: Date.now() } satisfies LeaderRecord));
  }

  function tick(): void {
    if (!running) return;
    const leader = readLeader();
    if (leader?.id === tabId) {
      writeLeader();
      leading = true;
      openSource();
      return;
    }
    if (leading) {
      // Another tab took over (we were probably asleep in the background): step down.
      leading = false;
      closeSource();
    }
    if (!leader || Date.now() - leader.at > STALE_MS) {
      // Claim, then confirm shortly: if two tabs claim at once, the last write wins and
      // only that tab opens the stream.
      writeLeader();
      setTimeout(tick, 250);
    }
  }

  function onChannel(m: MessageEvent<ChannelMessage>): void {
    if (m.data.kind === 'event') deliver(m.data.event);
  }

  function onStorage(e: StorageEvent): void {
    if (e.key === LEADER_KEY && e.newValue === null) tick();
  }

  function resign(): void {
    if (shared && leading && readLeader()?.id === tabId) localStorage.removeItem(LEADER_KEY);
    leading = false;
    closeSource();
  }

  return {
    start() {
      if (running) return;
      running = true;
      if (!shared) {
        leading = true;
        openSource();
        return;
      }
      channel = new BroadcastChannel(CHANNEL_NAME);
      channel.onmessage = onChannel;
      window.addEventListener('storage', onStorage);
      window.addEventListener('pagehide', resign);
      beat = setInterval(tick, BEAT_MS);
      tick();
    },
    stop() {
      if (!running) return;
      running = false;
      resign();
      if (beat !== null) clearInterval(beat);
      if (retry !== null) clearTimeout(retry);
      beat = retry = null;
      channel?.close();
      channel = null;
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('pagehide', resign);
    },
    subscribe(type, fn) {
      if (!handlers.has(type)) handlers.set(type, new Set());
      handlers.get(type)!.add(fn);
      return () => handlers.get(type)?.delete(fn);
    },
  };
}
