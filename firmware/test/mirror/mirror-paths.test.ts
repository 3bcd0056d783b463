// Every way a file lands in the library is mirrored, on a real box against a real smbd: a card
// of edited files imported into an order's design folder, and an edited file uploaded through
// the browser's import route (first edits), each on the share byte for byte. The mirror's idle
// look is an hour here, so only the wake-up those paths give brings the files over.
//
// And the share's password never shows: not in any log line (the box's logger at trace, every
// line kept), not in the API (the mirror's status and settings, the audit log, the System
// page's log), not in `studio-box config`; also a wrong password tested unsaved, or saved and
// refused by the PC.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestCard, IngestJobInfo, MirrorStatus, PhotoImportResult } from '../../src/api-types.js';
import { createLogger } from '../../src/log.js';
import { CardSlot, exifJpeg } from '../helpers/card-slot.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';
import { listFiles } from '../ingest/engine-helpers.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from './smbd-harness.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED mirror-paths: ${skip}`);

const WRONG = 'Wrong pw 错误 sai rồi';
const bin = join(import.meta.dirname, '../../../dist/firmware/src/cli.js');

describe.skipIf(!!skip)('every file stored in the library is mirrored; the share password never shows', () => {
  let smbd: Smbd;
  let tb: TestBox;
  let admin: ApiClient;
  let cards: CardSlot;
  let customer: { id: number; customerNo: string; name: string };
  const logLines: string[] = [];
  const order = 'Wedding 婚纱';
  const share = () => ({ address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: 'STUDIO' });
  const status = async () => (await admin.get<MirrorStatus>('/api/mirror')).data;
  /** The library file `rel` on the share, with the library's bytes (and those given). */
  const mirrored = (rel: string, bytes: Buffer) =>
    waitFor(() => existsSync(join(smbd.photos, rel)) && readFileSync(join(smbd.photos, rel)).equals(bytes) && readFileSync(join(tb.dataDir, 'library', rel)).equals(bytes), `${rel} on the share`, 30_000);

  const upload = (kind: string, name: string, body: Buffer) =>
    fetch(new URL(`/api/customers/${customer.id}/photos/import?kind=${kind}&order=${encodeURIComponent(order)}&name=${encodeURIComponent(name)}`, tb.url), {
      method: 'POST',
      headers: { cookie: admin.sessionCookie!, origin: tb.url.replace(/\/$/, ''), 'content-type': 'application/octet-stream' },
      body,
    });

  beforeAll(async () => {
    smbd = new Smbd();
    await smbd.start();
    ({ tb, admin } = await startSetUpBox({
      config: { cardSource: { pollSeconds: 0.2, settleSeconds: 0.2 }, mirror: { nameResolveOrder: 'host', idlePollSeconds: 3600, retryBaseSeconds: 0.2, retryCapSeconds: 1 } },
      log: createLogger('trace', { format: 'json', write: (l) => void logLines.push(l) }),
    }));
    cards = new CardSlot(tb.dataDir);
    customer = (await admin.post('/api/customers', { name: 'Trần Thị Mai 陈梅', stage: 'ordered' })).data;
    const saved = await admin.put('/api/mirror/share', { ...share(), password: SMB_PASSWORD });
    expect(saved.status, JSON.stringify(saved.error)).toBe(200);
    await waitFor(async () => (await status()).state === 'idle', 'the mirror idle', 30_000);
  }, 60_000);
  afterAll(async () => {
    await tb?.close();
    await smbd?.cleanup();
  });

  it('a card of edited files imported into an order\'s design folder lands on the share', async () => {
    const edits = await cards.make('DESIGN', { jpegs: 2, firstShot: '2026:11:25 09:00:00' });
    cards.insert('DESIGN');
    const card = await waitFor(async () => (await admin.get<IngestCard[]>('/api/ingest/cards')).data.find((c) => c.card.label === 'DESIGN' && c.scan !== null), 'card scanned');
    const r = await admin.post<IngestJobInfo>('/api/ingest/jobs', { cardId: card.card.cardId, customerId: customer.id, orderLabel: order, subfolder: 'design' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    const job = await waitFor(async () => {
      const j = (await admin.get<IngestJobInfo[]>('/api/ingest/jobs')).data.find((x) => x.id === r.data.id);
      return j && ['done', 'failed', 'interrupted'].includes(j.state) ? j : null;
    }, 'the job to end', 30_000);
    expect(job).toMatchObject({ state: 'done', subfolder: 'design', filesCopied: 2 });
    for (const f of edits) await mirrored(`${job.folder}/design/${f.name}`, f.bytes);
  }, 60_000);

  it('an edited file uploaded through the browser (first edits) lands on the share', async () => {
    const edit = await exifJpeg('2026:11:26 10:00:00', 'Canon', 'Canon EOS R6', 640, 480);
    const res = await upload('first-edits', 'C:\\fakepath\\ảnh; sửa 01.jpg', edit);
    const body = (await res.json()) as { data: PhotoImportResult };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.data).toMatchObject({ action: 'copied', name: 'ảnh; sửa 01.jpg' });
    const rel = listFiles(join(tb.dataDir, 'library')).find((p) => p.endsWith('/first-edits/ảnh; sửa 01.jpg'));
    expect(rel).toBeDefined();
    await mirrored(rel!, edit);
    // Marked once the share reports the right size under the final name (a moment after it is there).
    await waitFor(async () => (await status()).queueFiles === 0, 'the queue empty', 30_000);
    expect(listFiles(smbd.photos).filter((p) => p.includes('.studio-box-'))).toEqual([]);
  }, 60_000);

  it('the password is in no log line, no API answer, the audit log or `studio-box config`, also a wrong one', async () => {
    // A wrong password tested unsaved, then saved (the PC refuses it: a warning), then the right one again.
    const t = await admin.post('/api/mirror/share/test', { ...share(), password: WRONG });
    expect(t.data).toMatchObject({ ok: false, problem: 'bad_credentials' });
    expect((await admin.put('/api/mirror/share', { ...share(), password: WRONG })).status).toBe(200);
    // A file to copy, so the mirror logs in (with an empty queue it does not).
    const edit = await exifJpeg('2026:11:27 10:00:00', 'Canon', 'Canon EOS R6', 320, 240);
    expect((await upload('refined', 'later.jpg', edit)).status).toBe(201);
    await waitFor(async () => (await status()).lastError?.problem === 'bad_credentials', 'the refused password seen', 30_000);
    expect((await admin.put('/api/mirror/share', { ...share(), password: SMB_PASSWORD })).status).toBe(200);
    await waitFor(async () => (await status()).state === 'idle' && (await status()).queueFiles === 0, 'the mirror caught up again', 30_000);

    const secrets = [SMB_PASSWORD, WRONG];
    const log = logLines.join('');
    // The log did record these events (so an empty log cannot pass).
    expect(log).toMatch(/mirror waits/);
    const answers = await Promise.all(
      ['/api/mirror', '/api/mirror/share', '/api/audit?entity=mirror_share', '/api/audit', '/api/system/log?level=debug&limit=1000', '/api/system/log.txt?level=debug&limit=1000'].map(async (p) => {
        const r = await fetch(new URL(p, tb.url), { headers: { cookie: admin.sessionCookie! } });
        expect(r.status, p).toBe(200);
        return [p, await r.text()] as const;
      }),
    );
    expect(answers.find(([p]) => p === '/api/audit?entity=mirror_share')![1]).toMatch(/new password/);
    const cli = spawnSync(process.execPath, [bin, 'config', '--data', tb.dataDir], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(tb.dataDir);
    for (const s of secrets) {
      for (const v of [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]) {
        expect(log.includes(v), `log holds ${v}`).toBe(false);
        for (const [p, text] of answers) expect(text.includes(v), `${p} holds ${v}`).toBe(false);
        expect(cli.stdout.includes(v) || cli.stderr.includes(v), 'studio-box config').toBe(false);
      }
    }
  }, 90_000);
});
