// Backup names have a second's resolution. Two backups in the same second — an encrypted one,
// then a plain one after the passphrase was removed — once had the second (reported made)
// deleted at once by retention, since the encrypted name sorts first and took the day's place
// (seen in CI: the test that uploads the backup it had just made found no file).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BackupRunResult } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
beforeAll(async () => {
  // The box's clock stands still: every backup is made in the same second.
  tb = await startTestBox({ clock: () => new Date('2026-12-03T07:34:39Z') });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
});
afterAll(async () => {
  await tb?.close();
});

it('a backup made in the same second as another is kept, whichever sorts first', async () => {
  expect((await admin.put('/api/backups/passphrase', { passphrase: 'lantern harbour 1987' })).status).toBe(200);
  const encrypted = await admin.post<BackupRunResult>('/api/backups');
  expect(encrypted.status, JSON.stringify(encrypted.error)).toBe(201);
  expect((await admin.put('/api/backups/passphrase', { passphrase: null })).status).toBe(200);
  const plain = await admin.post<BackupRunResult>('/api/backups');
  expect(plain.status, JSON.stringify(plain.error)).toBe(201);
  expect(plain.data.name).not.toBe(encrypted.data.name);
  expect(existsSync(join(tb.dataDir, 'backups', plain.data.name)), plain.data.name).toBe(true);
});
