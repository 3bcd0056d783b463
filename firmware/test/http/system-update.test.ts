// An update uploaded on the status page (H6), up to the hand-over to the root helper (here a
// script that records; apply-update itself is tested in firmware/test/system/install.test.ts):
// the checksum checked while the bytes arrive, the three files where the helper expects them,
// admins only, and every bad upload refused with nothing left behind and nothing run.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStarted, UpdateStatus } from '../../src/api-types.js';
import { expectedSha256 } from '../../src/system/update-upload.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { recordingCommand } from '../helpers/recording-command.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-update-'));
const helper = recordingCommand(scratch, 'update.sh');

const NAME = 'studio-box-1.2.0-linux-arm64.tar.gz';
const BODY = 'the release bytes (the helper, not the daemon, unpacks them)';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

let tb: TestBox;
let admin: ApiClient;
let dir: string;
beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ config: { system: { updateCommand: `${helper.path} update {file}` } } }));
  dir = join(tb.box.ctx.config.dataDir, 'updates');
});
afterAll(async () => {
  await tb.close();
  rmSync(scratch, { recursive: true, force: true });
});

const upload = (client: ApiClient, opts: { name?: string; body?: string; sums?: string; sig?: string } = {}) => {
  const q = new URLSearchParams({ name: opts.name ?? NAME, sha256sums: b64(opts.sums ?? `${sha(BODY)}  ${NAME}\n`) });
  if (opts.sig !== undefined) q.set('signature', b64(opts.sig));
  return client.call<UpdateStarted>('POST', `/api/system/update?${q}`, opts.body ?? BODY, { 'content-type': 'application/octet-stream' });
};
const leftovers = () => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('POST /api/system/update', () => {
  it('receives an intact release, puts it beside its SHA256SUMS and signature, and hands it to the helper', async () => {
    const r = await upload(admin, { sig: 'sixty-four bytes of ed25519' });
    expect(r.status, JSON.stringify(r.error)).toBe(202);
    expect(r.data).toEqual({ fileName: NAME, sha256: sha(BODY) });
    expect(helper.calls()).toBe(`update ${join(dir, NAME)}\n`);
    expect(readFileSync(join(dir, NAME), 'utf8')).toBe(BODY);
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(`${sha(BODY)}  ${NAME}\n`);
    expect(readFileSync(join(dir, 'SHA256SUMS.sig'), 'utf8')).toBe('sixty-four bytes of ed25519');
    const status = await admin.get<UpdateStatus>('/api/system/update');
    expect(status.data).toEqual({ state: 'running', log: [], available: true });
    const audit = await admin.get<{ items: { entity: string; detail: unknown }[] }>('/api/audit?limit=5&entity=software');
    expect(audit.data.items[0]).toMatchObject({ entity: 'software', detail: { fileName: NAME, sha256: sha(BODY) } });
  });

  it('reads back what apply-update wrote', async () => {
    writeFileSync(join(dir, 'last-update.log'), 'apply-update: SHA-256 matches\napply-update: signature verified\nstudio-box install: 1.2.0 failed its health check; 1.1.0 runs again\n');
    writeFileSync(join(dir, 'last-update.result'), 'failed 1\n');
    const s = (await admin.get<UpdateStatus>('/api/system/update')).data;
    expect(s.state).toBe('failed');
    expect(s.log.at(-1)).toBe('studio-box install: 1.2.0 failed its health check; 1.1.0 runs again');
  });

  it('refuses a damaged upload, a release SHA256SUMS does not list, and a name that is not a release — nothing kept, nothing run', async () => {
    rmSync(dir, { recursive: true, force: true });
    const before = helper.calls();
    const damaged = await upload(admin, { body: `${BODY}!` });
    expect(damaged.status).toBe(400);
    expect(damaged.error?.code).toBe('update_damaged');
    expect(damaged.error?.message).toMatch(/the file is damaged \(SHA-256 [0-9a-f]{64}, SHA256SUMS says [0-9a-f]{64}\)/);
    const unlisted = await upload(admin, { sums: `${sha(BODY)}  studio-box-9.9.9-linux-arm64.tar.gz\n` });
    expect(unlisted.status).toBe(400);
    expect(unlisted.error?.code).toBe('update_unlisted');
    expect(unlisted.error?.message).toMatch(/SHA256SUMS does not list studio-box-1\.2\.0/);
    for (const name of ['evil.sh', '../studio-box-1.tar.gz', 'studio-box-1.tar.gz; rm -rf /']) {
      const bad = await upload(admin, { name, sums: `${sha(BODY)}  ${name}\n` });
      expect(bad.status, name).toBe(400);
    }
    const json = await admin.post('/api/system/update?name=x', { file: 'x' });
    expect(json.status).toBe(400);
    expect(leftovers()).toEqual([]);
    expect(helper.calls()).toBe(before);
  });

  it('is for admins only', async () => {
    const manager = await userWith(admin, 'manager', { settings: ['view', 'edit'] });
    expect((await upload(manager.client)).status).toBe(403);
    expect((await manager.client.get('/api/system/update')).status).toBe(403);
  });

  it('on a box without an update command: 409 and the page is told', async () => {
    const other = await startSetUpBox();
    try {
      expect((await other.admin.get<UpdateStatus>('/api/system/update')).data).toEqual({ state: 'none', log: [], available: false });
      const r = await upload(other.admin);
      expect(r.status).toBe(409);
      expect(r.error).toMatchObject({ code: 'update_unavailable' });
    } finally {
      await other.tb.close();
    }
  });
});

describe('expectedSha256', () => {
  it('reads sha256sum’s text and binary lines, only for the exact name', () => {
    const h = 'a'.repeat(64);
    expect(expectedSha256(`${h}  ${NAME}\n`, NAME)).toBe(h);
    expect(expectedSha256(`${'B'.repeat(64)} *${NAME}\r\n`, NAME)).toBe('b'.repeat(64));
    expect(expectedSha256(`${h}  x${NAME}\n`, NAME)).toBeNull();
    expect(expectedSha256(`${h.slice(1)}  ${NAME}\n`, NAME)).toBeNull();
  });
});
