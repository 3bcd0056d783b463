import { tpduLength, type MessageStat, type SimStore } from './sim-store.js';

/**
 * The AT dialect of the simulated SIM800/SIM7600: one command line in, one reply out. Pure
 * apart from the state object it is given (settings and the SIM store); no I/O, no timers.
 */
export type SimState = 'READY' | 'SIM PIN' | 'NOT INSERTED';

export type Reply = { lines: string[]; final: string } | { prompt: true } | null;

export interface DialectState {
  readonly model: 'SIM800' | 'SIM7600';
  readonly imei: string;
  readonly imsi: string;
  readonly operator: string;
  readonly smsc: string;
  readonly rssi: number;
  readonly store: SimStore;
  simState: SimState;
  registration: number;
  echo: boolean;
  cmee: number;
  cmgf: number;
  clip: boolean;
  /** AT+CLCC=1: call state changes are reported. */
  clcc: boolean;
  cregN: number;
  cnmi: number[];
  /** Set by AT+CMGS: the modem now reads a payload of this TPDU length. */
  payloadFor: { length: number } | null;
  /** ATA: the ringing call is answered. */
  answer(): void;
  /** ATH: the call is ended. */
  hangUp(): void;
}

export function cme(s: DialectState, code: number): string {
  return s.cmee === 0 ? 'ERROR' : `+CME ERROR: ${code}`;
}

export function cms(s: DialectState, code: number): string {
  return s.cmee === 0 ? 'ERROR' : `+CMS ERROR: ${code}`;
}

export function handleAt(s: DialectState, line: string): Reply {
  if (!/^AT/i.test(line)) return null;
  const cmd = line.slice(2);
  const up = cmd.toUpperCase();
  const ok = (...lines: string[]): Reply => ({ lines, final: 'OK' });
  const simOk = s.simState === 'READY';
  const noSim = (): Reply => ({ lines: [], final: cme(s, s.simState === 'SIM PIN' ? 11 : 10) });
  const noSimSms = (): Reply => ({ lines: [], final: cms(s, s.simState === 'SIM PIN' ? 311 : 310) });
  let m: RegExpExecArray | null;

  if (up === '') return ok();
  if ((m = /^E([01])$/.exec(up))) {
    s.echo = m[1] === '1';
    return ok();
  }
  if (up === 'I') return ok(s.model === 'SIM800' ? 'SIM800 R14.18' : 'SIM7600G-H');
  if (up === '+CGMI') return ok('SIMCOM_Ltd');
  if (up === '+CGMM') return ok(s.model === 'SIM800' ? 'SIMCOM_SIM800L' : 'SIMCOM_SIM7600G-H');
  if (up === '+CGMR') return ok(s.model === 'SIM800' ? 'Revision:1418B04SIM800L24' : 'LE20B04SIM7600G22');
  if (up === '+CGSN' || up === '+GSN') return ok(s.imei);
  if (up === '+CIMI') return simOk ? ok(s.imsi) : noSim();
  if ((m = /^\+CMEE=([012])$/.exec(up))) {
    s.cmee = Number(m[1]);
    return ok();
  }
  if (up === '+CMEE?') return ok(`+CMEE: ${s.cmee}`);
  if (up === '+CSCS?') return ok('+CSCS: "GSM"');
  if (up === '+CPIN?') return s.simState === 'NOT INSERTED' ? noSim() : ok(`+CPIN: ${s.simState}`);
  if (up === '+CSQ') return ok(`+CSQ: ${s.rssi},0`);
  if ((m = /^\+C(G?)REG=([012])$/.exec(up))) {
    if (m[1] === '') s.cregN = Number(m[2]);
    return ok();
  }
  if (up === '+CREG?') return ok(`+CREG: ${s.cregN},${s.registration}`);
  if (up === '+CGREG?') return ok(`+CGREG: 0,${s.registration}`);
  if (up === '+COPS?') return s.registration === 1 || s.registration === 5 ? ok(`+COPS: 0,0,"${s.operator}"`) : ok('+COPS: 0');
  if (up === '+CSCA?') return simOk ? ok(`+CSCA: "${s.smsc}",145`) : noSimSms();
  if ((m = /^\+CMGF=([01])$/.exec(up))) {
    s.cmgf = Number(m[1]);
    return ok();
  }
  if (up === '+CMGF?') return ok(`+CMGF: ${s.cmgf}`);
  if ((m = /^\+CNMI=([\d,]+)$/.exec(up))) {
    m[1]!.split(',').forEach((v, i) => (s.cnmi[i] = Number(v)));
    return ok();
  }
  if (up === '+CNMI?') return ok(`+CNMI: ${s.cnmi.join(',')}`);
  if (up === '+CPMS?' || up.startsWith('+CPMS=')) {
    if (!simOk) return noSimSms();
    const mem = `"SM",${s.store.used},${s.store.capacity}`;
    const counts = `${s.store.used},${s.store.capacity}`;
    return up === '+CPMS?' ? ok(`+CPMS: ${mem},${mem},${mem}`) : ok(`+CPMS: ${counts},${counts},${counts}`);
  }
  if ((m = /^\+CLIP=([01])$/.exec(up))) {
    s.clip = m[1] === '1';
    return ok();
  }
  if (up === '+CLIP?') return ok(`+CLIP: ${s.clip ? 1 : 0},1`);
  if (up === 'A') {
    s.answer();
    return ok();
  }
  if (up === 'H' || up === 'H0') {
    s.hangUp();
    return ok();
  }
  if ((m = /^\+CLCC=([01])$/.exec(up))) {
    s.clcc = m[1] === '1';
    return ok();
  }
  if (up === '+CNMA') return ok();
  if ((m = /^\+CMGS=(\d+)$/.exec(up))) {
    if (!simOk) return noSimSms();
    if (s.cmgf !== 0) return { lines: [], final: cms(s, 304) };
    s.payloadFor = { length: Number(m[1]) };
    return { prompt: true };
  }
  if ((m = /^\+CMGR=(\d+)$/.exec(up))) {
    if (!simOk) return noSimSms();
    const msg = s.store.read(Number(m[1]));
    if (!msg) return { lines: [], final: cms(s, 321) };
    return ok(`+CMGR: ${msg.stat},,${tpduLength(msg.pdu) ?? 0}`, msg.pdu);
  }
  if ((m = /^\+CMGL=([0-4])$/.exec(up))) {
    if (!simOk) return noSimSms();
    const lines = s.store
      .list(Number(m[1]) as MessageStat | 4)
      .flatMap((msg) => [`+CMGL: ${msg.index},${msg.stat},,${tpduLength(msg.pdu) ?? 0}`, msg.pdu]);
    return ok(...lines);
  }
  if ((m = /^\+CMGD=(\d+)(?:,([0-4]))?$/.exec(up))) {
    if (!simOk) return noSimSms();
    const flag = Number(m[2] ?? 0);
    if (flag === 0) {
      if (!s.store.delete(Number(m[1]))) return { lines: [], final: cms(s, 321) };
    } else s.store.deleteByFlag(flag as 1 | 2 | 3 | 4);
    return ok();
  }
  return { lines: [], final: 'ERROR' };
}
