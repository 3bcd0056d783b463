// What each line makes of its modem's output (pure), the buzzer, and the call service with a
// line driven by hand: timers, the ringer, and a popup that does not wait for (or need) the disk.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActiveCall, ServerEvent } from '../../src/api-types.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { AnalogCallerIdReader } from '../../src/calls/analog-line.js';
import type { CallLineSource, LineInput } from '../../src/calls/call-line.js';
import { CallRinger } from '../../src/calls/call-ringer.js';
import { CallService } from '../../src/calls/call-service.js';
import { cardContact, NO_FACTS } from '../../src/calls/caller-card.js';
import { gsmLineInputs, gsmStatusInputs, gsmUrcInputs } from '../../src/calls/gsm-line.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { ContactService } from '../../src/crm/contact-service.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { NoopGpio } from '../../src/hw/gpio.js';
import { createLogger } from '../../src/log.js';
import { parseUrc, type Urc } from '../../src/modem/at/urc.js';
import { hex, mdmf, sdmf } from '../callerid/cid-encoder.js';

const urc = (line: string): Urc => {
  const p = parseUrc(line);
  if (p.kind !== 'urc') throw new Error(`not a URC: ${line}`);
  return p.urc;
};

describe('GSM line inputs', () => {
  it.each<[string, LineInput[]]>([
    ['RING', [{ type: 'ring' }]],
    ['+CLIP: "+8613812345678",145,"",0,"",0', [{ type: 'caller', caller: { number: '+8613812345678', absence: null, name: null } }]],
    ['+CLIP: "13812345678",161,,,,0', [{ type: 'caller', caller: { number: '13812345678', absence: null, name: null } }]],
    ['+CLIP: "",128,"",0,"",1', [{ type: 'caller', caller: { number: null, absence: 'private', name: null } }]],
    ['+CLIP: "",128,"",0,"",2', [{ type: 'caller', caller: { number: null, absence: 'unavailable', name: null } }]],
    ['+CLIP: "13812345678",129,"",0,"Hoa, Tran",0', [{ type: 'caller', caller: { number: '13812345678', absence: null, name: 'Hoa, Tran' } }]],
    ['NO CARRIER', [{ type: 'hangup' }]],
    ['BUSY', [{ type: 'hangup' }]],
    ['+CMTI: "SM",3', []],
    ['SMS Ready', []],
  ])('%s', (line, inputs) => {
    expect(gsmUrcInputs(urc(line))).toEqual(inputs);
  });

  it.each<[string, LineInput[]]>([
    ['+CLCC: 1,1,4,0,0,"+8613812345678",145', [{ type: 'caller', caller: { number: '+8613812345678', absence: null, name: null } }]],
    ['+CLCC: 1,1,0,0,0,"+8613812345678",145', [{ type: 'answered' }]],
    ['+CLCC: 1,1,6,0,0,"+8613812345678",145', [{ type: 'hangup' }]],
    // Our own outgoing call is not an incoming one.
    ['+CLCC: 1,0,0,0,0,"+8613812345678",145', []],
    ['+CLCC: 1,0,6,0,0,"+8613812345678",145', []],
    ['+CLCC: 1,1,1,0,0,"+8613812345678",145', []],
    ['+CLCC: garbage', []],
    ['DATE = 0321', []],
    ['', []],
  ])('%s', (line, inputs) => {
    expect(gsmLineInputs(line)).toEqual(inputs);
  });

  it('a modem that is down ends what rings', () => {
    expect(gsmStatusInputs({ state: 'down' })).toEqual([{ type: 'line-lost' }]);
    expect(gsmStatusInputs({ state: 'ok' })).toEqual([]);
    expect(gsmStatusInputs({ state: 'simulated' })).toEqual([]);
    expect(gsmStatusInputs({ state: 'degraded' })).toEqual([]);
  });
});

describe('analog caller-ID reader', () => {
  const ok = (r: ReturnType<AnalogCallerIdReader['push']>[number] | null | undefined) => {
    if (!r?.ok) throw new Error(`expected a caller ID, got ${JSON.stringify(r)}`);
    return r.value;
  };

  it('collects a formatted block until flushed', () => {
    const r = new AnalogCallerIdReader();
    expect(r.push('DATE = 0321')).toEqual([]);
    expect(r.push('')).toEqual([]);
    expect(r.push('TIME=1405')).toEqual([]);
    expect(r.push('NMBR = 65529988')).toEqual([]);
    expect(r.pending).toBe(true);
    const v = ok(r.flush());
    expect(v).toMatchObject({ source: 'vcid', number: '65529988', dateTime: { month: 3, day: 21, hour: 14, minute: 5 } });
    expect(r.pending).toBe(false);
    expect(r.flush()).toBeNull();
  });

  it('a repeated field starts the next block; another line closes the open one', () => {
    const r = new AnalogCallerIdReader();
    r.push('NMBR = 111111111');
    const first = r.push('NMBR = P');
    expect(ok(first[0])).toMatchObject({ number: '111111111' });
    const second = r.push('OK');
    expect(ok(second[0])).toMatchObject({ number: null, absence: 'private' });
  });

  it('raw SDMF and MDMF frames, with or without spaces; a bad checksum is an error value', () => {
    const r = new AnalogCallerIdReader();
    const md = hex(mdmf([{ type: 0x02, value: '13812345678' }, { type: 0x07, value: 'TRAN HOA' }]));
    expect(ok(r.push(md)[0])).toMatchObject({ source: 'mdmf', number: '13812345678', name: 'TRAN HOA' });
    const sd = hex(sdmf('03211405', '65529988'), '');
    expect(ok(r.push(sd)[0])).toMatchObject({ source: 'sdmf', number: '65529988' });
    const broken = sd.slice(0, -2) + (sd.endsWith('00') ? '01' : '00');
    const res = r.push(broken);
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ ok: false, error: { code: 'bad-checksum' } });
  });

  it('a hex frame closes a formatted block that was open', () => {
    const r = new AnalogCallerIdReader();
    r.push('NMBR = 65529988');
    const out = r.push(hex(sdmf('03211405', '13812345678')));
    expect(out.map((x) => ok(x).number)).toEqual(['65529988', '13812345678']);
  });

  it('a block without NMBR is an error value, not a call', () => {
    const r = new AnalogCallerIdReader();
    r.push('DATE = 0321');
    expect(r.flush()).toMatchObject({ ok: false, error: { code: 'incomplete' } });
  });
});

describe('ringer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('buzzes with each RING, lights the call LED while any line rings', () => {
    const gpio = new NoopGpio();
    const ringer = new CallRinger(gpio, 800);
    ringer.ring('gsm');
    expect(gpio.buzzer).toBe(true);
    expect(gpio.leds.get('call')).toBe(true);
    vi.advanceTimersByTime(799);
    expect(gpio.buzzer).toBe(true);
    vi.advanceTimersByTime(1);
    expect(gpio.buzzer).toBe(false);
    expect(gpio.leds.get('call')).toBe(true);
    ringer.ring('analog');
    ringer.stop('gsm');
    // The landline still rings.
    expect(gpio.leds.get('call')).toBe(true);
    expect(gpio.buzzer).toBe(true);
    ringer.stop('analog');
    expect(gpio.leds.get('call')).toBe(false);
    expect(gpio.buzzer).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(gpio.buzzer).toBe(false);
  });
});

class HandLine implements CallLineSource {
  emit: ((i: LineInput) => void) | null = null;
  constructor(
    readonly line: 'gsm' | 'analog',
    readonly reportsAnswer: boolean,
    readonly callerIdWaitMs: number,
  ) {}
  async start(emit: (i: LineInput) => void) {
    this.emit = emit;
  }
  async stop() {
    this.emit = null;
  }
}

describe('call service', () => {
  let db: Db;
  let events: EventHub;
  let gpio: NoopGpio;
  let line: HandLine;
  let service: CallService;
  let now: number;
  const seen: ServerEvent[] = [];

  beforeEach(async () => {
    vi.useFakeTimers();
    now = Date.UTC(2026, 2, 21, 6, 0, 0);
    const clock = () => new Date(now);
    db = openDatabase(':memory:');
    migrate(db, migrations, clock);
    const log = createLogger('silent');
    const audit = new AuditLog(db, clock);
    events = new EventHub(clock, log);
    seen.length = 0;
    events.subscribe((e) => seen.push(e));
    const customers = new CustomerService(db, audit, events, clock, () => 'CN');
    db.prepare(`INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES ('a', 'A', 'x', '', '')`).run();
    customers.create({ id: 1, name: 'A' }, { name: 'Trần Thị Hoa', phones: [{ number: '13812345678' }] });
    gpio = new NoopGpio();
    line = new HandLine('gsm', true, 1500);
    const contacts = new ContactService(db, audit, events, clock);
    service = new CallService({ db, audit, events, customers, cardFacts: (id) => ({ ...NO_FACTS, lastContact: cardContact(contacts.last(id)) }), country: () => 'CN', clock, log, lines: [line], gpio }, { ringTimeoutMs: 8000, buzzer: true });
    await service.start();
  });
  afterEach(async () => {
    await service.stop();
    db.close();
    vi.useRealTimers();
  });

  const input = (i: LineInput, after = 0) => {
    now += after;
    vi.advanceTimersByTime(after);
    line.emit!(i);
  };
  const types = () => seen.map((e) => e.type).filter((t) => t.startsWith('call.'));

  it('without +CLIP the call is shown after the wait, then ends by itself after the ring timeout', () => {
    input({ type: 'ring' });
    expect(gpio.buzzer).toBe(true);
    expect(types()).toEqual([]);
    now += 1500;
    vi.advanceTimersByTime(1500);
    expect(types()).toEqual(['call.ringing']);
    expect(seen.at(-1)!.data).toMatchObject({ absence: 'unknown', number: null, startedAt: new Date(now - 1500).toISOString() });
    now += 6500;
    vi.advanceTimersByTime(6500);
    expect(types()).toEqual(['call.ringing', 'call.ended']);
    expect(seen.at(-1)!.data).toMatchObject({ outcome: 'missed' });
    expect(gpio.buzzer).toBe(false);
    expect(gpio.leds.get('call')).toBe(false);
    expect(service.active()).toEqual([]);
  });

  it('a late +CLIP updates the popup (the same call id) and the log row', () => {
    input({ type: 'ring' });
    now += 2000;
    vi.advanceTimersByTime(2000);
    const first = seen.at(-1)!.data as ActiveCall;
    input({ type: 'caller', caller: { number: '+8613812345678', absence: null, name: null } }, 10);
    const second = seen.at(-1)!.data as ActiveCall;
    expect(seen.at(-1)!.type).toBe('call.ringing');
    expect(second.callId).toBe(first.callId);
    expect(second.customer?.name).toBe('Trần Thị Hoa');
    expect(service.store.get(first.callId)).toMatchObject({ number: '+8613812345678', customer: { name: 'Trần Thị Hoa' } });
  });

  it('the popup does not depend on the disk: with the log unwritable the call is still shown and ended', () => {
    db.exec('DROP TABLE calls');
    input({ type: 'ring' });
    input({ type: 'caller', caller: { number: '13812345678', absence: null, name: null } }, 20);
    expect(types()).toEqual(['call.ringing']);
    expect((seen.at(-1)!.data as ActiveCall).customer?.name).toBe('Trần Thị Hoa');
    input({ type: 'hangup' }, 1000);
    expect(types()).toEqual(['call.ringing', 'call.ended']);
  });

  it('call ids keep counting after a restart', async () => {
    input({ type: 'caller', caller: { number: '13812345678', absence: null, name: null } });
    input({ type: 'hangup' }, 100);
    const firstId = (seen.find((e) => e.type === 'call.ringing')!.data as ActiveCall).callId;
    await service.stop();
    await service.start();
    input({ type: 'caller', caller: { number: '13812345678', absence: null, name: null } }, 100);
    const ids = seen.filter((e) => e.type === 'call.ringing').map((e) => (e.data as ActiveCall).callId);
    expect(ids).toEqual([firstId, firstId + 1]);
  });
});
