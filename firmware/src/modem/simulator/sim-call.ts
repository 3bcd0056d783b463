/**
 * A call to the simulated SIM: RING (+ `+CLIP` when enabled) every interval, the `+CLCC`
 * states a SIM800 reports under `AT+CLCC=1` (4 incoming, 0 active, 6 over), `NO CARRIER`
 * when the caller gives up or hangs up.
 */
export class SimCall {
  private ringTimer: NodeJS.Timeout | null = null;
  private call: { number: string; type: number; resolve: () => void } | null = null;

  constructor(
    private readonly urc: (...lines: string[]) => void,
    private readonly settings: () => { clip: boolean; clcc: boolean },
  ) {}

  /** Rings `times` times, then the caller gives up. Resolves when the call ends, however it ends. */
  ring(number: string, opts: { times?: number; intervalMs?: number } = {}): Promise<void> {
    this.stopRinging();
    this.end();
    const times = opts.times ?? 3;
    const interval = opts.intervalMs ?? 1000;
    const type = number.startsWith('+') ? 145 : 129;
    return new Promise((resolve) => {
      this.call = { number, type, resolve };
      let n = 0;
      const tick = (): void => {
        if (n === times) {
          this.ringTimer = null;
          this.callerHangsUp();
          return;
        }
        n++;
        this.urc(...['RING', ...(this.settings().clip ? [`+CLIP: "${number}",${type},"",0,"",0`] : [])]);
        if (n === 1) this.clcc(4);
        this.ringTimer = setTimeout(tick, interval);
      };
      tick();
    });
  }

  /** Picked up (the handset on the HAT's audio, or `ATA`): the call becomes active. */
  answer(): void {
    if (!this.call) return;
    this.stopRinging();
    this.clcc(0);
  }

  /** The caller hangs up (or gives up ringing): `+CLCC` stat 6 and `NO CARRIER`. */
  callerHangsUp(): void {
    if (!this.call) return;
    this.stopRinging();
    this.clcc(6);
    this.urc('NO CARRIER');
    this.end();
  }

  /** ATH from the box: the call ends with OK (the dialect's); a SIM800 under +CLCC=1 says stat 6. */
  hangUp(): void {
    this.stopRinging();
    this.clcc(6);
    this.end();
  }

  stopRinging(): void {
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.ringTimer = null;
  }

  /** The call is gone without a word (the module lost power, the port vanished). */
  end(): void {
    this.stopRinging();
    const c = this.call;
    this.call = null;
    c?.resolve();
  }

  private clcc(stat: number): void {
    if (this.call && this.settings().clcc) this.urc(`+CLCC: 1,1,${stat},0,0,"${this.call.number}",${this.call.type}`);
  }
}
