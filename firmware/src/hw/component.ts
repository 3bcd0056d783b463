import type { ComponentState } from '../api-types.js';

/** What every hardware part can say about itself for /api/health and the status page. */
export interface ComponentStatus {
  state: ComponentState;
  detail: string | null;
}

/** Lifecycle shared by the hardware parts: started by main, stopped on shutdown. */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}
