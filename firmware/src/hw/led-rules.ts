// What each front-panel LED should show, and why, from a plain snapshot of the box (H5, issue
// 17 item 5). Pure: every combination is unit-tested, and the status page shows exactly the
// reasons that lit the pins. Gathering the snapshot is led-panel.ts's job.
import type { DiskDownReason, LedMode, LedName, LedReason, LedState, SimStatus } from '../api-types.js';

export interface DiskSnapshot {
  role: 'library' | 'backup';
  /** False when the disk is down (unplugged, read-only, failing). */
  present: boolean;
  /** Why it is down (health's reason); null when present or not told. */
  downReason: DiskDownReason | null;
  /** Null when it cannot be told (down). */
  freeBytes: number | null;
}

export interface ModemSnapshot {
  /** The link to the modem works (status not `down`). */
  up: boolean;
  /** What the module last said about the SIM; null before it was asked. */
  sim: SimStatus | null;
  /** Restarts by itself in the last 24 hours, and whether that is often (its supply sagging). */
  restartsLast24h: number;
  frequentRestarts: boolean;
}

export interface BoxSnapshot {
  /** The daemon finished starting and serves. */
  ready: boolean;
  /** Card copies running now (the ingest LED blinks while any runs). */
  copyingJobs: number;
  unreadSms: number;
  /** The box's bell (callerId.buzzer) is on: the call LED follows the rings. */
  callBell: boolean;
  /** Lines ringing now. */
  ringingLines: number;
  disks: DiskSnapshot[];
  /** A disk with less free than this is nearly full: disks.lowSpaceWarnBytes, the one card the preflight warns about. */
  lowSpaceBytes: number;
  /** Null: the box has no GSM modem configured, so none of its faults apply. */
  modem: ModemSnapshot | null;
}

/** SIM states that keep the box from texting and taking calls on its number. */
const SIM_FAULTS: ReadonlySet<SimStatus> = new Set(['not-inserted', 'pin-required', 'puk-required', 'error']);

const state = (led: LedName, mode: LedMode, ...reasons: LedReason[]): LedState => ({ led, mode, reasons });
const reason = (code: LedReason['code'], params: LedReason['params'] = {}): LedReason => ({ code, params });

/** Every cause of the fault LED present in `s`, most urgent first (disks, then the modem). */
export function faultReasons(s: BoxSnapshot): LedReason[] {
  const out: LedReason[] = [];
  // The backup disk first: without it no card gets its second copy (issue 17's first fault).
  for (const role of ['backup', 'library'] as const) {
    const d = s.disks.find((x) => x.role === role);
    if (!d) continue;
    if (!d.present) out.push(reason(role === 'backup' ? 'fault.backupDisk' : 'fault.libraryDisk', { why: d.downReason ?? 'error' }));
    else if (d.freeBytes !== null && d.freeBytes < s.lowSpaceBytes) out.push(reason('fault.diskNearlyFull', { role, freeBytes: d.freeBytes, thresholdBytes: s.lowSpaceBytes }));
  }
  const m = s.modem;
  if (m) {
    // A modem that does not answer has told us nothing current about its SIM.
    if (!m.up) out.push(reason('fault.modemDown'));
    else if (m.sim !== null && SIM_FAULTS.has(m.sim)) out.push(reason('fault.noSim', { sim: m.sim }));
    if (m.frequentRestarts) out.push(reason('fault.modemRestarts', { count: m.restartsLast24h }));
  }
  return out;
}

/** The five LEDs in LED_NAMES order, each with its reasons. */
export function ledStates(s: BoxSnapshot): LedState[] {
  const faults = faultReasons(s);
  return [
    s.ready ? state('ready', 'on', reason('ready.running')) : state('ready', 'off', reason('ready.starting')),
    s.copyingJobs > 0 ? state('ingest', 'blink', reason('ingest.copying', { count: s.copyingJobs })) : state('ingest', 'off', reason('ingest.idle')),
    s.unreadSms > 0 ? state('unread-sms', 'on', reason('sms.unread', { count: s.unreadSms })) : state('unread-sms', 'off', reason('sms.none')),
    faults.length > 0 ? state('fault', 'on', ...faults) : state('fault', 'off', reason('fault.none')),
    !s.callBell
      ? state('call', 'off', reason('call.bellOff'))
      : s.ringingLines > 0
        ? state('call', 'on', reason('call.ringing', { count: s.ringingLines }))
        : state('call', 'off', reason('call.none')),
  ];
}
