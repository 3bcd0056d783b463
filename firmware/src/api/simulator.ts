// The simulated modem's controls (development and demo boxes): make the simulated phone ring,
// an SMS arrive, delivery reports come or not. Admins on the status page; `studio-box sim` in a shell.

export type SimulatedCallState = 'ringing' | 'active';

export interface SimulatorState {
  /** False when the modem is not simulated or its pty pair is not running (socat missing). */
  running: boolean;
  /** Why it is not running, for people; null when it is. */
  detail: string | null;
  /** The simulated network reports every sent message delivered, a moment after sending. */
  deliveryReports: boolean;
  /** The call in progress, if any. */
  call: { number: string; state: SimulatedCallState; since: string } | null;
}

export interface SimulatorRingInput {
  /** The caller's number as the network shows it, e.g. +8613812345678 or 0912345678. */
  number: string;
  /** Pick up the handset after the second ring. */
  answer?: boolean;
  /** The caller hangs up this many seconds after the call began; otherwise they give up after ~30 s of ringing, or an answered call lasts until hang-up. */
  hangUpAfterSeconds?: number;
}

export interface SimulatorSmsInput {
  from: string;
  text: string;
}

export interface SimulatorSmsResult {
  /** How many SMS parts the network delivered to the modem. */
  parts: number;
}
