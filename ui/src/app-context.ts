// What every screen of a logged-in user needs: who they are, the studio's settings, the
// shared server events, and a way to reload "me" after a change (e.g. settings saved).
import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Me, ServerEvent } from './contract';
import type { SharedEvents } from './events';

export interface AppContext {
  me: Me;
  events: SharedEvents;
  refreshMe(): Promise<void>;
}

export const AppCtx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(AppCtx);
  if (!ctx) throw new Error('useApp outside a logged-in screen');
  return ctx;
}

/**
 * Runs fn on each server event of these types while the component is mounted. A screen that
 * shows the box's state should also re-read it on 'hello': the greeting of each stream
 * (re)opening. Events from before the tab's first stream opened are not replayed (it opens a
 * moment after the screen, once the tab has claimed it), so only a re-read catches them.
 */
export function useServerEvents(types: string[], fn: (e: ServerEvent) => void): void {
  const events = useApp().events;
  const latest = useRef(fn);
  latest.current = fn;
  const key = types.join(',');
  useEffect(() => {
    const offs = key.split(',').map((type) => events.subscribe(type, (e) => latest.current(e)));
    return () => offs.forEach((off) => off());
  }, [events, key]);
}
