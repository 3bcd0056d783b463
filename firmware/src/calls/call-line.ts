// What a telephone line hands the call service: machine inputs without their time (the
// service stamps them), plus the line's own character (does it say "answered"? how long
// does its caller ID take?).
import type { CallLine } from '../api-types.js';
import type { CallerId } from '../callerid/index.js';
import { cleanReceivedName } from '../util/plain-text.js';
import type { Caller, CallInput } from './call-machine.js';

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** A machine input as a line reports it; `tick` is the service's own. */
export type LineInput = WithoutAt<Exclude<CallInput, { type: 'tick' }>>;

export interface CallLineSource {
  readonly line: CallLine;
  /** See CallMachineOptions.reportsAnswer. */
  readonly reportsAnswer: boolean;
  /** See CallMachineOptions.callerIdWaitMs. */
  readonly callerIdWaitMs: number;
  /** Starts listening; `emit` gets every input, in order. */
  start(emit: (input: LineInput) => void): Promise<void>;
  stop(): Promise<void>;
}

/** The caller-ID name is shown on every screen: names are text (util/plain-text.ts). */
export function callerOf(id: CallerId): Caller {
  return { number: id.number, absence: id.absence, name: cleanReceivedName(id.name) };
}
