// The callerId section of the config: defaults, the area code from the environment (where it
// arrives as a number), and clear errors.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../helpers/config-problems.js';

describe('callerId config', () => {
  it('defaults: no landline modem, AT+VCID=1 when there is one, 8 s ring timeout, buzzer on', () => {
    const c = loadConfig({ cwd: '/box' });
    expect(c.callerId).toEqual({ analog: { port: null, baudRate: 115200, initCommands: ['AT+VCID=1'] }, ringTimeoutSeconds: 8, buzzer: true });
    expect(c.callerId.localAreaCode).toBeUndefined();
  });

  it('takes the area code as text from a file and from the environment', () => {
    expect(loadConfig({ cwd: '/box', overrides: { callerId: { localAreaCode: '010' } } }).callerId.localAreaCode).toBe('010');
    // STUDIO_BOX_… values that look like numbers become numbers; the trunk 0 is lost, which
    // the number matching accepts ("10" or "010").
    const env = { STUDIO_BOX_CALLER_ID__LOCAL_AREA_CODE: '021', STUDIO_BOX_CALLER_ID__ANALOG__PORT: '/dev/ttyACM0' };
    const c = loadConfig({ cwd: '/box', env });
    expect(c.callerId.localAreaCode).toBe('21');
    expect(c.callerId.analog.port).toBe('/dev/ttyACM0');
  });

  it('names the bad key', () => {
    expect(problemsOf(() => loadConfig({ overrides: { callerId: { localAreaCode: '0-10' } } }))).toEqual(['callerId.localAreaCode: digits only, e.g. "010"']);
    expect(problemsOf(() => loadConfig({ overrides: { callerId: { ringTimeoutSeconds: 0 } } }))[0]).toMatch(/^callerId\.ringTimeoutSeconds: /);
    expect(problemsOf(() => loadConfig({ overrides: { callerId: { analog: { initCommands: [''] } } } }))[0]).toMatch(/^callerId\.analog\.initCommands\.0: /);
    expect(problemsOf(() => loadConfig({ overrides: { callerId: { ring: 1 } } }))[0]).toMatch(/^callerId\.ring: /);
  });
});
