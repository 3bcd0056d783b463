import type { Startable } from '../hw/component.js';
import type { ComponentState } from '../api-types.js';

export interface ModemStatus {
  state: ComponentState;
  kind: 'simulator' | 'serial';
  port: string | null;
  detail: string | null;
}

/**
 * The GSM modem as the rest of the box sees it. This issue only needs its status; the AT
 * channel, SMS and caller ID (issues for H1/H2) add their methods here, behind the same seam.
 */
export interface Modem extends Startable {
  status(): ModemStatus;
}
