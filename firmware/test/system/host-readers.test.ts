// The System page's readers against a fake /sys and /proc (a Raspberry Pi 4's files, and a
// laptop container's, which have no thermal zone), and against recorded outputs of vcgencmd,
// smartctl and journalctl (host-fixtures/). Nothing missing on this computer is an error.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { LogRing } from '../../src/log-ring.js';
import { logAsText, parseJournalLine, readBoxLog } from '../../src/system/host/box-log.js';
import { readLoad, readMemory, readTemperatures, readUptime } from '../../src/system/host/host-files.js';
import { readHostStatus, readSmart, readThrottle } from '../../src/system/host/host-status.js';
import { runCommand, type CommandResult, type CommandRunner } from '../../src/system/host/run-command.js';
import { wholeDisk } from '../../src/system/host/smart.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'host-fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'sb-host-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): { sys: string; proc: string } {
  const root = mkdtempSync(join(scratch, 'root-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'sys'), { recursive: true });
  mkdirSync(join(root, 'proc'), { recursive: true });
  return { sys: join(root, 'sys'), proc: join(root, 'proc') };
}

// A Pi 4's files (Raspberry Pi OS Bookworm, kernel 6.6): one thermal zone, meminfo's head, loadavg, uptime.
const PI4 = {
  'sys/class/thermal/thermal_zone0/type': 'cpu-thermal\n',
  'sys/class/thermal/thermal_zone0/temp': '48686\n',
  'sys/class/thermal/cooling_device0/type': 'gpio-fan\n',
  'proc/meminfo': 'MemTotal:        3884316 kB\nMemFree:         2815340 kB\nMemAvailable:    3291092 kB\nBuffers:           42584 kB\nCached:           512220 kB\n',
  'proc/loadavg': '0.52 0.58 0.59 1/389 12345\n',
  'proc/uptime': '350735.47 1234388.90\n',
};

/** Answers like the recorded programs; a program not listed is not installed. Records every argv. */
function recorded(answers: Record<string, CommandResult | ((argv: readonly string[]) => CommandResult)>) {
  const calls: string[] = [];
  const run: CommandRunner = async (argv) => {
    calls.push(argv.join(' '));
    const a = answers[argv[0]!];
    return a === undefined ? { missing: true } : typeof a === 'function' ? a(argv) : a;
  };
  return { run, calls };
}
const out = (stdout: string, code = 0, stderr = ''): CommandResult => ({ missing: false, code, stdout, stderr });

describe('files under /sys and /proc', () => {
  it('reads a Pi 4: CPU temperature, memory, load, uptime', async () => {
    const roots = tree(PI4);
    expect(await readTemperatures(roots)).toEqual({ available: true, value: [{ type: 'cpu-thermal', celsius: 48.7 }] });
    expect(await readMemory(roots)).toEqual({ available: true, value: { totalBytes: 3884316 * 1024, availableBytes: 3291092 * 1024 } });
    expect(await readLoad(roots, 4)).toEqual({ available: true, value: { one: 0.52, five: 0.58, fifteen: 0.59, cpus: 4 } });
    expect(await readUptime(roots)).toEqual({ available: true, value: 350735 });
  });

  it('says "absent" for a computer without them, not an error', async () => {
    const roots = tree({});
    for (const r of [await readTemperatures(roots), await readMemory(roots), await readLoad(roots), await readUptime(roots)]) {
      expect(r).toMatchObject({ available: false, reason: 'absent', detail: expect.stringContaining('does not exist') });
    }
    // A container's /sys/class/thermal exists but holds no zone.
    const empty = tree({ 'sys/class/thermal/cooling_device0/type': 'Processor\n' });
    expect(await readTemperatures(empty)).toMatchObject({ available: false, reason: 'absent', detail: expect.stringContaining('no thermal zone') });
  });

  it('orders zones by number, skips a zone whose sensor answers nothing, and says "failed" for garbage', async () => {
    const roots = tree({
      'sys/class/thermal/thermal_zone10/type': 'gpu-thermal\n',
      'sys/class/thermal/thermal_zone10/temp': '51000\n',
      'sys/class/thermal/thermal_zone2/type': 'cpu-thermal\n',
      'sys/class/thermal/thermal_zone2/temp': '-2500\n',
      'sys/class/thermal/thermal_zone3/temp': '\n',
      'proc/meminfo': 'MemTotal: lots\n',
      'proc/loadavg': 'x\n',
    });
    expect(await readTemperatures(roots)).toEqual({ available: true, value: [{ type: 'cpu-thermal', celsius: -2.5 }, { type: 'gpu-thermal', celsius: 51 }] });
    expect(await readMemory(roots)).toMatchObject({ available: false, reason: 'failed' });
    expect(await readLoad(roots)).toMatchObject({ available: false, reason: 'failed' });
  });
});

describe('vcgencmd get_throttled', () => {
  it('decodes a Pi that has seen under-voltage, and is absent off a Pi', async () => {
    const pi = recorded({ vcgencmd: out('throttled=0x50000\n') });
    expect(await readThrottle(pi.run)).toMatchObject({ available: true, value: { raw: '0x50000', underVoltageNow: false, underVoltageSinceBoot: true, throttledSinceBoot: true } });
    expect(pi.calls).toEqual(['vcgencmd get_throttled']);
    expect(await readThrottle(recorded({}).run)).toMatchObject({ available: false, reason: 'absent', detail: expect.stringContaining('not a Raspberry Pi') });
  });

  it('says "failed" with the tool’s own words when the firmware will not answer', async () => {
    // vcgencmd run without access to /dev/vcio.
    const r = await readThrottle(recorded({ vcgencmd: out('', 255, 'VCHI initialization failed\n') }).run);
    expect(r).toEqual({ available: false, reason: 'failed', detail: 'VCHI initialization failed' });
  });
});

describe('smartctl', () => {
  const template = 'sudo -n /usr/local/libexec/studio-box/root-helper smart {device}';

  it('asks about the whole disk of the partition the disk was found on', async () => {
    expect(wholeDisk('/dev/sda1')).toBe('/dev/sda');
    expect(wholeDisk('/dev/sdab12')).toBe('/dev/sdab');
    expect(wholeDisk('/dev/mmcblk0p2')).toBe('/dev/mmcblk0');
    expect(wholeDisk('/dev/nvme0n1p1')).toBe('/dev/nvme0n1');
    expect(wholeDisk('/dev/sdb')).toBe('/dev/sdb');
    const rec = recorded({ sudo: out(fixture('smartctl-sat-passed.json')) });
    const r = await readSmart(rec.run, template, { role: 'library', device: '/dev/sda1' });
    expect(rec.calls).toEqual(['sudo -n /usr/local/libexec/studio-box/root-helper smart /dev/sda']);
    expect(r).toEqual({
      available: true,
      value: { role: 'library', device: '/dev/sda', model: null, passed: true, temperatureCelsius: 34, powerOnHours: 12874, reallocatedSectors: 0, pendingSectors: 0 },
    });
  });

  it('reads a failing drive’s verdict although smartctl exits non-zero', async () => {
    const r = await readSmart(recorded({ sudo: out(fixture('smartctl-failing.json'), 24) }).run, template, { role: 'backup', device: '/dev/sdb1' });
    expect(r).toMatchObject({ available: true, value: { passed: false, reallocatedSectors: 3912, pendingSectors: 56, powerOnHours: 41280 } });
  });

  it('says "failed" in smartctl’s words for a USB bridge it cannot talk through', async () => {
    const r = await readSmart(recorded({ sudo: out(fixture('smartctl-unknown-bridge.json'), 1) }).run, template, { role: 'library', device: '/dev/sda1' });
    expect(r).toEqual({ available: false, reason: 'failed', detail: '/dev/sda: Unknown USB bridge [0x152d:0x0578 (0x214)] Please specify device type with the -d option.' });
  });

  it('says "failed" with the helper’s refusal, "absent" when smartctl is not installed or the disk not connected', async () => {
    const refused = await readSmart(recorded({ sudo: out('', 2, 'root-helper: no such block device: /dev/sda\n') }).run, template, { role: 'library', device: '/dev/sda1' });
    expect(refused).toMatchObject({ available: false, reason: 'failed', detail: expect.stringContaining('no such block device') });
    const none = recorded({});
    expect(await readSmart(none.run, 'smartctl -H -A --json {device}', { role: 'library', device: '/dev/sda1' })).toMatchObject({ available: false, reason: 'absent', detail: expect.stringContaining('smartmontools') });
    expect(await readSmart(none.run, template, { role: 'backup', device: null })).toMatchObject({ available: false, reason: 'absent', detail: 'the disk is not connected' });
    expect(none.calls).toEqual(['smartctl -H -A --json /dev/sda']);
  });

  it('runs a real program, and tells a missing one apart from one that fails', async () => {
    expect(await runCommand(['studio-box-no-such-program-xyz'])).toEqual({ missing: true });
    const script = join(scratch, 'fake-smartctl');
    writeFileSync(script, `#!/bin/sh\ncat '${join(fixtures, 'smartctl-failing.json')}'\necho "$*" >&2\nexit 24\n`);
    chmodSync(script, 0o755);
    const r = await readSmart(runCommand, `${script} -H -A --json {device}`, { role: 'backup', device: '/dev/sdb1' });
    expect(r).toMatchObject({ available: true, value: { device: '/dev/sdb', passed: false } });
  });
});

describe('the daemon’s log', () => {
  it('reads the journal’s JSON: priorities as levels, byte-array messages, the unit’s lines only asked for', async () => {
    const rec = recorded({ journalctl: out(fixture('journal-studio-box.jsonl')) });
    const r = await readBoxLog({ ring: new LogRing(10), run: rec.run, underSystemd: true }, 'debug', 500);
    expect(rec.calls).toEqual(['journalctl -u studio-box -o json -n 500 -p debug --no-pager -q']);
    expect(r.source).toBe('journal');
    expect(r.entries.map((e) => [e.at, e.level])).toEqual([
      ['2025-12-02T10:00:00.123Z', 'info'],
      ['2025-12-02T10:00:01.234Z', 'warn'],
      ['2025-12-02T10:00:02.000Z', 'error'],
      ['2025-12-02T10:00:03.500Z', 'info'],
    ]);
    expect(r.entries[1]!.text).toBe('WARN  modem: link lost  port=/dev/ttyS0 lastError="timeout"');
    expect(r.entries[2]!.text).toBe('ERROR disks: card \uFFFD unreadable');
    expect(logAsText(r).split('\n')[1]).toBe('2025-12-02T10:00:01.234Z WARN  WARN  modem: link lost  port=/dev/ttyS0 lastError="timeout"');
  });

  it('filters by level: journalctl is asked with -p, and what it returns is filtered again', async () => {
    const rec = recorded({ journalctl: out(fixture('journal-studio-box.jsonl')) });
    const r = await readBoxLog({ ring: new LogRing(10), run: rec.run, underSystemd: true }, 'warn', 100);
    expect(rec.calls).toEqual(['journalctl -u studio-box -o json -n 100 -p warning --no-pager -q']);
    expect(r.entries.map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('falls back to its own lines, saying why, when the journal cannot be read', async () => {
    const ring = new LogRing(10);
    ring.add({ at: '2025-12-02T10:00:00.000Z', level: 'info', text: 'box started' });
    // Not in systemd-journal: journalctl prints a hint and nothing of ours.
    const hint = 'Hint: You are currently not seeing messages from other users and the system.\n      Users in groups \'adm\', \'systemd-journal\' can see all messages.\n';
    const denied = await readBoxLog({ ring, run: recorded({ journalctl: out('', 0, hint) }).run, underSystemd: true }, 'debug', 500);
    expect(denied).toEqual({ source: 'memory', journalProblem: expect.stringContaining('not seeing messages'), entries: [ring.recent()[0]] });
    const missing = await readBoxLog({ ring, run: recorded({}).run, underSystemd: true }, 'debug', 500);
    expect(missing).toMatchObject({ source: 'memory', journalProblem: 'journalctl is not installed' });
    const laptop = recorded({ journalctl: out(fixture('journal-studio-box.jsonl')) });
    expect(await readBoxLog({ ring, run: laptop.run, underSystemd: false }, 'debug', 500)).toMatchObject({ source: 'memory', journalProblem: null });
    expect(laptop.calls).toEqual([]);
  });

  it('keeps the logger’s last lines in a ring, in either format, filtered by level and limit', () => {
    const ring = new LogRing(3);
    const log = createLogger('debug', { format: 'text', write: () => {}, ring, env: {} });
    log.debug('one');
    log.child({ module: 'modem' }).warn({ port: '/dev/ttyS0' }, 'link lost');
    log.info('three');
    log.error('four');
    expect(ring.recent().map((e) => [e.level, e.text])).toEqual([
      ['warn', 'modem: link lost  port=/dev/ttyS0'],
      ['info', 'three'],
      ['error', 'four'],
    ]);
    expect(ring.recent('warn').map((e) => e.text)).toEqual(['modem: link lost  port=/dev/ttyS0', 'four']);
    expect(ring.recent('debug', 1).map((e) => e.text)).toEqual(['four']);
    const json = new LogRing(5);
    const lines: string[] = [];
    createLogger('info', { format: 'json', write: (l) => lines.push(l), ring: json }).info({ n: 1 }, 'hello');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'hello', n: 1 });
    expect(json.recent()).toEqual([{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', text: 'hello  n=1' }]);
  });

  it('skips lines that are not journal entries', () => {
    expect(parseJournalLine('not json')).toBeNull();
    expect(parseJournalLine('{"PRIORITY":"6"}')).toBeNull();
    expect(parseJournalLine('{"MESSAGE":"x","__REALTIME_TIMESTAMP":"1764669600000000"}')).toMatchObject({ level: 'info', text: 'x' });
  });
});

describe('the whole status', () => {
  it('on a Pi: every reading; on a bare laptop: every reading says why it is missing', async () => {
    const pi = await readHostStatus({
      roots: tree(PI4), run: recorded({ vcgencmd: out('throttled=0x0\n'), smartctl: out(fixture('smartctl-sat-passed.json')) }).run,
      disks: () => [{ role: 'library', device: '/dev/sda1' }, { role: 'backup', device: null }], startedAt: 1_000, now: () => 61_000,
    });
    expect(pi).toMatchObject({
      daemonUptimeSeconds: 60, systemUptimeSeconds: { available: true, value: 350735 }, temperature: { available: true }, throttle: { available: true, value: { raw: '0x0' } },
      memory: { available: true }, load: { available: true },
      smart: [{ role: 'library', health: { available: true, value: { passed: true } } }, { role: 'backup', health: { available: false, reason: 'absent' } }],
    });
    const bare = await readHostStatus({ roots: tree({}), run: recorded({}).run, disks: () => [{ role: 'library', device: '/dev/sda1' }], startedAt: Date.now() });
    for (const k of ['systemUptimeSeconds', 'temperature', 'throttle', 'memory', 'load'] as const) expect(bare[k], k).toMatchObject({ available: false, reason: 'absent' });
    expect(bare.smart[0]!.health).toMatchObject({ available: false, reason: 'absent' });
  });
});
