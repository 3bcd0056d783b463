// The text log format: one human line per pino entry; under systemd, the journal's level prefix.
import { describe, expect, it } from 'vitest';
import { createLogger, textLine } from '../src/log.js';

const entry = (o: Record<string, unknown>) => JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 2, 6, 1, 2), pid: 1, hostname: 'box', app: 'studio-box', ...o });

describe('text log lines', () => {
  it('time, level, module: message, then the other fields', () => {
    expect(textLine(entry({ module: 'modem', msg: 'link lost', port: '/dev/ttyS0', attempts: 3 }), false)).toBe('06:01:02 INFO  modem: link lost  port=/dev/ttyS0 attempts=3');
  });

  it('quotes values with spaces, shows objects as JSON and an error by its message', () => {
    const line = textLine(entry({ level: 50, msg: 'copy failed', note: 'two words', r: { a: 1 }, err: { message: 'ENOSPC: no space', stack: 'Error\n at x' } }), false);
    expect(line).toBe('06:01:02 ERROR copy failed  note="two words" r={"a":1} error="ENOSPC: no space"');
    expect(line).not.toMatch(/\n/);
  });

  it('under systemd: no time (the journal adds it), the syslog priority first', () => {
    const levels: [number, string][] = [[10, '<7>TRACE'], [20, '<7>DEBUG'], [30, '<6>INFO '], [40, '<4>WARN '], [50, '<3>ERROR'], [60, '<2>FATAL']];
    for (const [level, head] of levels) expect(textLine(entry({ level, msg: 'x' }), true)).toBe(`${head} x`);
  });

  it('passes through a line that is not JSON', () => {
    expect(textLine('not json\n', false)).toBe('not json');
  });

  it('the logger writes text lines where it is told; json stays pino', () => {
    const lines: string[] = [];
    const log = createLogger('info', { format: 'text', write: (l) => lines.push(l), env: { JOURNAL_STREAM: '8:123' } });
    log.child({ module: 'sms' }).warn({ id: 7 }, 'retry');
    log.debug('hidden');
    expect(lines).toEqual(['<4>WARN  sms: retry  id=7\n']);
  });
});
