import type { Startable } from '../hw/component.js';
import type { ComponentState } from '../api-types.js';

export interface CardSourceStatus {
  state: ComponentState;
  kind: string;
  path: string | null;
  cardPresent: boolean;
}

/** Where memory cards appear: the card reader on the Pi, a folder on a laptop. */
export interface CardSource extends Startable {
  status(): CardSourceStatus;
}
