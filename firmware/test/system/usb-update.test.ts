// An update from a USB stick (issue 17 item 7), through the running box: a stick appears in the
// card slot (the folder card source, as a card reader's mount would) with a release bundle made
// here and signed with node:crypto's ed25519, as `npm run release` signs. A signed bundle is
// copied to <dataDir>/updates and handed to system.updateCommand (here a script that records
// its argument, standing in for the root helper; install.test.ts runs the real apply-update,
// including its rollback of an unhealthy version). A tampered bundle, one signed with another
// key, the running version's own bundle and one tried before are not started.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src/api-types.js';
import { releaseVersion } from '../../src/system/usb-update.js';
import { VERSION } from '../../src/version.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-usb-update-'));
const releaseKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');
const calls = join(scratch, 'update-calls.log');
let tb: TestBox;
let admin: ApiClient;
let slot: string;
let updates: string;

beforeAll(async () => {
  const pub = join(scratch, 'release-key.pem');
  writeFileSync(pub, releaseKey.publicKey.export({ type: 'spki', format: 'pem' }));
  // The root helper's stand-in: records the file it was given and its SHA-256.
  const helper = join(scratch, 'update-helper');
  writeFileSync(helper, `#!/bin/bash\necho "$1 $(sha256sum <"$1" | cut -d' ' -f1)" >>'${calls}'\n`);
  chmodSync(helper, 0o755);
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-test-'));
  slot = join(dataDir, 'card-slot');
  updates = join(dataDir, 'updates');
  ({ tb, admin } = await startSetUpBox({
    dataDir,
    config: { cardSource: { kind: 'folder', pollSeconds: 0.1, settleSeconds: 0.2 }, system: { updateCommand: `${helper} {file}`, releaseKey: pub } },
  }));
}, 60_000);
afterAll(async () => {
  await tb?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const callLines = () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []);

/** A release bundle of `version` (a real tarball with RELEASE and install.sh), its SHA256SUMS, and that signed with `key`. */
function bundle(version: string, key: KeyObject, opts: { tamper?: boolean } = {}): { dir: string; name: string; sha256: string } {
  const dir = mkdtempSync(join(scratch, 'stick-'));
  const top = join(dir, 'build', `studio-box-${version}`);
  mkdirSync(top, { recursive: true });
  writeFileSync(join(top, 'RELEASE'), `VERSION=${version}\nARCH=arm64\nNODE_ABI=115\n`);
  writeFileSync(join(top, 'install.sh'), '#!/bin/bash\necho install\n');
  const name = `studio-box-${version}-linux-arm64.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', join(dir, 'build'), `studio-box-${version}`]);
  rmSync(join(dir, 'build'), { recursive: true });
  const bytes = readFileSync(join(dir, name));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sums = `${sha256}  ${name}\n`;
  writeFileSync(join(dir, 'SHA256SUMS'), sums);
  writeFileSync(join(dir, 'SHA256SUMS.sig'), sign(null, Buffer.from(sums), key));
  if (opts.tamper) {
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, name, sha256 };
}

/** Puts the stick in the slot in one step (as a mount appears) and waits until the box has it. */
async function insert(stick: { dir: string }, label: string): Promise<() => Promise<void>> {
  const at = join(slot, label);
  renameSync(stick.dir, at);
  const seen = async () => (await tb.box.ctx.ingestDesk.cards()).some((c) => c.card.root === at);
  await waitFor(seen, `the stick ${label} seen`, 20_000);
  return async () => {
    rmSync(at, { recursive: true, force: true });
    await waitFor(async () => !(await seen()), `the stick ${label} gone`, 20_000);
  };
}

const status = async () => (await admin.get<UpdateStatus>('/api/system/update')).data;
const audits = () => (tb.box.ctx.db.prepare(`SELECT summary FROM audit_log WHERE entity = 'software' ORDER BY id`).all() as { summary: string }[]).map((r) => r.summary);

describe('the version in a release file name', () => {
  it('is what lies between studio-box- and -linux-<arch>.tar.gz', () => {
    expect(releaseVersion('studio-box-1.2.0-linux-arm64.tar.gz')).toBe('1.2.0');
    expect(releaseVersion('studio-box-1.2.0-rc.1-linux-amd64.tar.gz')).toBe('1.2.0-rc.1');
    expect(releaseVersion('studio-box-1.2.0.tar.gz')).toBeNull();
  });
});

describe('an update on a USB stick', () => {
  it('refuses a tampered bundle and one signed with another key: nothing is started', async () => {
    const remove = await insert(bundle('1.2.0', releaseKey.privateKey, { tamper: true }), 'TAMPERED');
    await waitFor(async () => (await status()).state === 'failed', 'the tampered bundle refused', 20_000);
    expect((await status()).log.join('\n')).toMatch(/damaged \(SHA-256 [0-9a-f]{64}, SHA256SUMS says [0-9a-f]{64}\)/);
    await remove();

    const removeOther = await insert(bundle('1.2.1', otherKey.privateKey), 'OTHERKEY');
    await waitFor(async () => (await status()).log.join('\n').includes('studio-box-1.2.1'), 'the other key refused', 20_000);
    expect((await status()).state).toBe('failed');
    expect((await status()).log.join('\n')).toMatch(/refused: SHA256SUMS\.sig is not a signature of the release key/);
    await removeOther();
    expect(callLines()).toEqual([]);
    expect(existsSync(join(updates, 'studio-box-1.2.1-linux-arm64.tar.gz'))).toBe(false);
    expect(audits()).toEqual([expect.stringMatching(/1\.2\.0.*refused: the file is damaged/), expect.stringMatching(/1\.2\.1.*refused: SHA256SUMS\.sig is not a signature/)]);
  }, 90_000);

  it('verifies a signed bundle, copies it beside its signature and starts the update, once', async () => {
    const stick = bundle('1.3.0', releaseKey.privateKey);
    const sums = readFileSync(join(stick.dir, 'SHA256SUMS'), 'utf8');
    const copy = join(scratch, 'same-stick');
    execFileSync('cp', ['-R', stick.dir, copy]);
    const remove = await insert(stick, 'UPDATE');
    await waitFor(() => callLines().length === 1, 'the update started', 20_000);
    const file = join(updates, stick.name);
    expect(callLines()).toEqual([`${file} ${stick.sha256}`]);
    expect(readFileSync(join(updates, 'SHA256SUMS'), 'utf8')).toBe(sums);
    expect(readFileSync(join(updates, 'SHA256SUMS.sig')).length).toBe(64);
    expect((await status()).state).toBe('running');
    expect(audits().at(-1)).toMatch(/update studio-box-1\.3\.0-linux-arm64\.tar\.gz from a USB stick: signature verified, started/);
    await remove();
    // Left in (or put back) after the update failed and was rolled back: not tried again.
    const removeAgain = await insert({ dir: copy }, 'UPDATE');
    const before = audits().length;
    await new Promise((r) => setTimeout(r, 1_000));
    await removeAgain();
    expect(callLines()).toHaveLength(1);
    expect(audits()).toHaveLength(before);
  }, 90_000);

  it('leaves the running version’s own bundle alone', async () => {
    const remove = await insert(bundle(VERSION, releaseKey.privateKey), 'SAME');
    await new Promise((r) => setTimeout(r, 1_000));
    await remove();
    expect(callLines()).toHaveLength(1);
  }, 60_000);
});
