import type { EventEmitter } from 'node:events';
import type { ModemStatus } from '../api-types.js';
import type { Startable } from '../hw/component.js';
import type { AtCommand, AtResponse } from './at/channel.js';
import type { Urc } from './at/urc.js';

export type { ModemStatus };

export interface ModemEvents {
  /** The modem answers and is initialised: per-connection work (the SMS sweep) starts here. */
  ready: [];
  /** Unsolicited codes: +CMTI, +CDS, RING, +CLIP, NO CARRIER… */
  urc: [Urc];
  /** Lines nobody expected (an analog modem's caller-ID lines arrive this way). */
  unknown: [string];
  status: [ModemStatus];
}

/**
 * The GSM modem as the rest of the box sees it: the same for a real SIM800/SIM7600 on a serial
 * port and for the simulator on a pseudo-terminal.
 */
export interface Modem extends Startable, EventEmitter<ModemEvents> {
  status(): ModemStatus;
  readonly isReady: boolean;
  /** One AT command; rejects at once (AtClosedError, stage not-sent) when the modem is not ready. */
  run(cmd: AtCommand | string): Promise<AtResponse>;
}
