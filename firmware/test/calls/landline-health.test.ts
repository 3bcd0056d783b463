// The landline's voice modem on the status page: a box configured with one that is not there
// says so (down, the port and why) and is degraded; a box without one leaves it out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

describe('landline modem health', () => {
  let missing: TestBox;
  let none: TestBox;
  // Health details are for logged-in users (issue 11).
  let missingAdmin: ApiClient;
  let noneAdmin: ApiClient;

  beforeAll(async () => {
    missing = await startTestBox({ config: { callerId: { analog: { port: '/dev/studio-box-no-such-modem' } } } });
    none = await startTestBox();
    missingAdmin = new ApiClient(missing.url);
    await missingAdmin.post('/api/setup', SETUP);
    noneAdmin = new ApiClient(none.url);
    await noneAdmin.post('/api/setup', SETUP);
  });
  afterAll(async () => {
    await missing?.close();
    await none?.close();
  });

  it('a configured modem that is not there: down, with its port and the reason; the box is degraded', async () => {
    const h = await waitFor(async () => {
      const r = (await missingAdmin.get<Health>('/api/health')).data;
      return r.landline?.detail ? r : null;
    }, 'the landline modem reported');
    expect(h.landline).toMatchObject({ state: 'down', port: '/dev/studio-box-no-such-modem' });
    expect(h.landline?.detail).toMatch(/no such file|ENOENT|cannot open|not found/i);
    expect(h.status).toBe('degraded');
  });

  it('no modem configured: no landline entry', async () => {
    expect((await noneAdmin.get<Health>('/api/health')).data.landline).toBeNull();
  });
});
