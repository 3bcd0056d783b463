// The SIM's line: calls as the GSM modem reports them. RING and +CLIP come with every ring,
// NO CARRIER when the caller hangs up; with AT+CLCC=1 the module also says when a call is
// picked up (+CLCC stat 0), which the AT channel does not know and hands on as a plain line.
import { decodeClcc, decodeClip } from '../callerid/index.js';
import type { Logger } from '../log.js';
import type { Urc } from '../modem/at/urc.js';
import type { Modem, ModemStatus } from '../modem/modem.js';
import { callerOf, type CallLineSource, type LineInput } from './call-line.js';

/** What one unsolicited event of the GSM modem means for calls. Pure. */
export function gsmUrcInputs(u: Urc): LineInput[] {
  switch (u.type) {
    case 'ring':
      return [{ type: 'ring' }];
    case 'clip': {
      // The URC parser keeps the raw line; the caller-ID decoder reads the CLI validity
      // (withheld / unavailable) that the URC does not carry.
      const r = decodeClip(u.raw);
      return r.ok ? [{ type: 'caller', caller: callerOf(r.value) }] : [];
    }
    case 'call-ended':
      return [{ type: 'hangup' }];
    default:
      return [];
  }
}

/** What a line the AT channel did not recognise means for calls: only +CLCC of incoming calls. Pure. */
export function gsmLineInputs(line: string): LineInput[] {
  if (!line.startsWith('+CLCC:')) return [];
  const r = decodeClcc(line);
  const call = r.ok ? r.value.call : null;
  if (!r.ok || !call || call.direction !== 'incoming') return [];
  if (call.ringing) return [{ type: 'caller', caller: callerOf(r.value) }];
  if (call.state === 'active') return [{ type: 'answered' }];
  if (call.state === 'disconnected') return [{ type: 'hangup' }];
  return [];
}

/** A modem that is down will not tell how a call ends. */
export function gsmStatusInputs(s: Pick<ModemStatus, 'state'>): LineInput[] {
  return s.state === 'down' ? [{ type: 'line-lost' }] : [];
}

export class GsmCallLine implements CallLineSource {
  readonly line = 'gsm' as const;
  // Nothing but the box itself (ATA) can pick up the SIM's calls, so ringing that stops
  // without +CLCC saying "active" is a call nobody took.
  readonly reportsAnswer = true;
  // +CLIP follows its RING at once; give it a moment before showing "no caller ID".
  readonly callerIdWaitMs = 1500;
  private off: (() => void) | null = null;

  constructor(
    private readonly modem: Modem,
    private readonly log: Logger,
  ) {}

  async start(emit: (input: LineInput) => void): Promise<void> {
    const onUrc = (u: Urc) => gsmUrcInputs(u).forEach(emit);
    const onUnknown = (line: string) => gsmLineInputs(line).forEach(emit);
    const onStatus = (s: ModemStatus) => gsmStatusInputs(s).forEach(emit);
    const onReady = () => void this.enableCallStates();
    this.modem.on('urc', onUrc);
    this.modem.on('unknown', onUnknown);
    this.modem.on('status', onStatus);
    this.modem.on('ready', onReady);
    this.off = () => {
      this.modem.off('urc', onUrc);
      this.modem.off('unknown', onUnknown);
      this.modem.off('status', onStatus);
      this.modem.off('ready', onReady);
    };
    // Not awaited: a modem slow to answer must not hold up the start of the box.
    if (this.modem.isReady) void this.enableCallStates();
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
  }

  /** Per connection: ask for +CLCC lines so an answered call is known as answered. */
  private async enableCallStates(): Promise<void> {
    try {
      await this.modem.run('AT+CLCC=1');
    } catch (err) {
      this.log.info({ err: (err as Error).message }, 'modem does not report call states (AT+CLCC=1 refused): answered calls will not be told apart');
    }
  }
}
