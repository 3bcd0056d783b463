// The box's front-panel LEDs (H5, issue 17 item 5): what each one shows now and why, for the
// status page. Off the Pi nothing is driven and the page shows the LEDs the box would light.

export const LED_NAMES = ['ready', 'ingest', 'unread-sms', 'fault', 'call'] as const;
export type LedName = (typeof LED_NAMES)[number];

export type LedMode = 'on' | 'off' | 'blink';

/**
 * Why an LED is in its state: a code the UI words in the studio's language (`leds.reason.<code>`),
 * with the figures it needs. Every state has at least one reason, "off" included.
 */
export type LedReasonCode =
  | 'ready.running'
  | 'ready.starting'
  | 'ingest.copying'
  | 'ingest.idle'
  | 'sms.unread'
  | 'sms.none'
  | 'fault.backupDisk'
  | 'fault.libraryDisk'
  | 'fault.diskNearlyFull'
  | 'fault.noSim'
  | 'fault.modemDown'
  | 'fault.modemRestarts'
  | 'fault.none'
  | 'call.ringing'
  | 'call.none'
  | 'call.bellOff';

export interface LedReason {
  code: LedReasonCode;
  /** Figures for the sentence: a count, a disk's role, free bytes, the SIM's state… */
  params: Record<string, string | number>;
}

export interface LedState {
  led: LedName;
  mode: LedMode;
  /** Several at once for the fault LED (no backup disk and no SIM): all of them. */
  reasons: LedReason[];
}

/** GET /api/system/leds */
export interface LedPanel {
  /** True when the LEDs are real pins (onoff on the Pi); false: what the box would light. */
  driven: boolean;
  /** In LED_NAMES order. */
  leds: LedState[];
  /** When the states were worked out (ISO). */
  at: string;
}
