// Constructors for results, so every decoder builds records with all keys present.
import type { CallerId, CallerIdErrorCode, CallerIdResult, CallerIdSource } from './types.js';

export function blankCallerId(source: CallerIdSource, raw: string): CallerId {
  return {
    source,
    number: null,
    numberType: null,
    absence: null,
    name: null,
    nameAbsence: null,
    dateTime: null,
    calledNumber: null,
    callType: null,
    cliValidity: null,
    call: null,
    extras: [],
    warnings: [],
    raw,
  };
}

export const succeed = (value: CallerId): CallerIdResult => ({ ok: true, value });

export const fail = (code: CallerIdErrorCode, message: string, raw: string): CallerIdResult => ({
  ok: false,
  error: { code, message, raw },
});

/** Byte as it appears in specs and modem output: 0x8A. */
export const hexByte = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
