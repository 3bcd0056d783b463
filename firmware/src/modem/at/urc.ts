/**
 * Unsolicited result codes: the typed events a modem sends on its own. Pure parsing, no I/O.
 * Lines that need a second line (the PDU after `+CMT:` / `+CDS:`) are parsed in two steps.
 */
export type PowerWarning =
  | 'under-voltage-warning'
  | 'over-voltage-warning'
  | 'under-voltage-power-down'
  | 'over-voltage-power-down'
  | 'normal-power-down';

export type Urc =
  /** A message was stored: read it with AT+CMGR=<index>. */
  | { type: 'cmti'; storage: string; index: number }
  /** A message delivered inline (`AT+CNMI=2,2`): must be acknowledged or it can be lost. */
  | { type: 'cmt'; alpha: string | null; length: number; pdu: string }
  /** A status report delivered inline (`<ds>=1`). */
  | { type: 'cds'; length: number; pdu: string }
  /** A status report was stored. */
  | { type: 'cdsi'; storage: string; index: number }
  | { type: 'ring' }
  | { type: 'clip'; number: string; numberType: number | null; raw: string }
  | { type: 'creg'; which: 'CREG' | 'CGREG' | 'CEREG'; stat: number; lac: string | null; ci: string | null }
  | { type: 'cpin'; state: string }
  | { type: 'call-ended'; reason: 'NO CARRIER' | 'BUSY' | 'NO ANSWER' | 'NO DIALTONE' }
  | { type: 'power'; kind: PowerWarning; raw: string }
  /** Boot lines: SIM800 RDY, Call Ready, SMS Ready; SIM7600 RDY, SMS DONE, PB DONE (docs/modem-hardware.md). */
  | { type: 'ready'; what: 'SMS Ready' | 'Call Ready' | 'RDY' | 'PB DONE' | 'SMS DONE' };

/** A header whose PDU arrives on the next line. */
export type PduHeader = { type: 'cmt'; alpha: string | null; length: number } | { type: 'cds'; length: number };

export type UrcParse =
  | { kind: 'urc'; urc: Urc }
  | { kind: 'header'; header: PduHeader }
  | { kind: 'none' };

const NONE: UrcParse = { kind: 'none' };

export const DIAL_RESULTS = ['NO CARRIER', 'BUSY', 'NO ANSWER', 'NO DIALTONE'] as const;
export type DialResult = (typeof DIAL_RESULTS)[number];

export function isDialResult(line: string): line is DialResult {
  return (DIAL_RESULTS as readonly string[]).includes(line);
}

const EXACT: Record<string, Urc> = {
  RING: { type: 'ring' },
  'SMS Ready': { type: 'ready', what: 'SMS Ready' },
  'Call Ready': { type: 'ready', what: 'Call Ready' },
  RDY: { type: 'ready', what: 'RDY' },
  'PB DONE': { type: 'ready', what: 'PB DONE' },
  'SMS DONE': { type: 'ready', what: 'SMS DONE' },
  'UNDER-VOLTAGE WARNNING': { type: 'power', kind: 'under-voltage-warning', raw: 'UNDER-VOLTAGE WARNNING' },
  'OVER-VOLTAGE WARNNING': { type: 'power', kind: 'over-voltage-warning', raw: 'OVER-VOLTAGE WARNNING' },
  'UNDER-VOLTAGE POWER DOWN': { type: 'power', kind: 'under-voltage-power-down', raw: 'UNDER-VOLTAGE POWER DOWN' },
  'OVER-VOLTAGE POWER DOWN': { type: 'power', kind: 'over-voltage-power-down', raw: 'OVER-VOLTAGE POWER DOWN' },
  'NORMAL POWER DOWN': { type: 'power', kind: 'normal-power-down', raw: 'NORMAL POWER DOWN' },
};

/** Splits the parameters after `+XXX: `, honouring double quotes; quotes are removed. */
export function splitParams(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

function int(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** `+NAME: rest` → ['+NAME', 'rest']; null when the line has no such prefix. */
export function splitPrefix(line: string): [string, string] | null {
  const m = /^(\+[A-Z]+):\s?(.*)$/.exec(line);
  return m ? [m[1]!, m[2]!] : null;
}

/** Recognises an unsolicited line; `none` for anything it does not know. Never throws. */
export function parseUrc(line: string): UrcParse {
  const exact = EXACT[line];
  if (exact) return { kind: 'urc', urc: exact };
  if (isDialResult(line)) return { kind: 'urc', urc: { type: 'call-ended', reason: line } };
  const pre = splitPrefix(line);
  if (!pre) return NONE;
  const [name, rest] = pre;
  // An unclosed quote: a line cut short (the module lost power mid-line), never a whole event.
  if ((rest.match(/"/g)?.length ?? 0) % 2 !== 0) return NONE;
  const p = splitParams(rest);
  switch (name) {
    case '+CMTI':
    case '+CDSI': {
      const index = int(p[1]);
      if (p.length !== 2 || index === null) return NONE;
      const type = name === '+CMTI' ? 'cmti' : 'cdsi';
      return { kind: 'urc', urc: { type, storage: p[0]!, index } };
    }
    case '+CMT': {
      // `+CMT: [<alpha>],<length>` in PDU mode.
      const length = int(p[p.length - 1]);
      if (length === null || p.length > 2) return NONE;
      const alpha = p.length === 2 && p[0] !== '' ? p[0]! : null;
      return { kind: 'header', header: { type: 'cmt', alpha, length } };
    }
    case '+CDS': {
      const length = int(p[0]);
      if (length === null || p.length !== 1) return NONE;
      return { kind: 'header', header: { type: 'cds', length } };
    }
    case '+CLIP': {
      if (!rest.startsWith('"')) return NONE;
      return { kind: 'urc', urc: { type: 'clip', number: p[0]!, numberType: int(p[1]), raw: line } };
    }
    case '+CREG':
    case '+CGREG':
    case '+CEREG': {
      // Unsolicited form: `<stat>[,<lac>,<ci>[,<act>]]` (the query answer has `<n>,` first).
      const stat = int(p[0]);
      if (stat === null || p.length === 2 || p.length > 4) return NONE;
      const which = name.slice(1) as 'CREG' | 'CGREG' | 'CEREG';
      return { kind: 'urc', urc: { type: 'creg', which, stat, lac: p[1] ?? null, ci: p[2] ?? null } };
    }
    case '+CPIN':
      return rest === '' ? NONE : { kind: 'urc', urc: { type: 'cpin', state: rest } };
    default:
      return NONE;
  }
}

/**
 * The module's SMS side is up after a (re)start: SIM800 says `SMS Ready`, SIM7600 `SMS DONE`.
 * SMS commands (+CNMI, +CMGL…) are sent from then on.
 */
export function isSmsReady(u: Urc): boolean {
  return u.type === 'ready' && (u.what === 'SMS Ready' || u.what === 'SMS DONE');
}

/** Builds the full event once the PDU line after a header has arrived. */
export function completePdu(header: PduHeader, pdu: string): Urc {
  return header.type === 'cmt'
    ? { type: 'cmt', alpha: header.alpha, length: header.length, pdu }
    : { type: 'cds', length: header.length, pdu };
}
