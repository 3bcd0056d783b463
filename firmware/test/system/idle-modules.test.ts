// Idle memory (issue 17): the built daemon, started as the unit starts it, does not load the
// heavy libraries only some requests need (`npm run bench -- boot` measures what that saves).
// Each of them loads on first use; their own tests (thumbnail-render, api-mail, engine-hash,
// meta-read, pinyin-search, reminder-rules, customer import/export, cli) go through that path.
import { readFileSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from '../helpers/cli-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-idle-modules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

/** Loaded on first use only. */
const LAZY = ['sharp', 'nodemailer', 'exceljs', 'hash-wasm', 'exifr', 'pinyin-pro', 'lunar-typescript', 'playwright-core'];

// A preload that records every module the process loads: ES modules through a loader hook, and
// CommonJS ones from require's cache when the process exits.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(process.env.LOADED_FILE, url + '\\n'); return next(url, context); }`;
const PRELOAD = `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register(new URL('./hooks.mjs', import.meta.url));
process.on('exit', () => appendFileSync(process.env.LOADED_FILE, Object.keys(createRequire(import.meta.url).cache).join('\\n') + '\\n'));`;

function packagesIn(list: string): Set<string> {
  const names = new Set<string>();
  for (const line of list.split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}

describe('the daemon at idle', () => {
  it('has not loaded sharp, nodemailer, exceljs, hash-wasm, exifr, pinyin-pro, lunar-typescript or playwright', async () => {
    writeFileSync(join(scratch, 'hooks.mjs'), HOOKS);
    writeFileSync(join(scratch, 'preload.mjs'), PRELOAD);
    const loaded = join(scratch, 'loaded.txt');
    const unit = readFileSync(join(root, 'systemd/studio-box.service'), 'utf8');
    const nodeFlags = /^ExecStart=\S*\/node((?: +-\S+)*) +\S*bin\.cjs /m.exec(unit)![1]!.trim().split(/ +/);
    const child = spawn(process.execPath, ['--import', join(scratch, 'preload.mjs'), ...nodeFlags, join(root, 'dist/firmware/src/bin.cjs'), 'serve', '--port', '0'], {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', LOADED_FILE: loaded, STUDIO_BOX_HTTP__HOST: '127.0.0.1', STUDIO_BOX_MODEM__KIND: 'simulator', STUDIO_BOX_LOG__LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => /Open (http:\/\/\S+) in a browser/.test(out), 'the daemon serving', 90_000);
      const url = /Open (http:\/\/\S+) in a browser/.exec(out)![1]!;
      let health: { data?: { db: { state: string }; modem: { state: string } } } | null = null;
      await waitFor(async () => {
        health = (await fetch(new URL('/api/health', url)).then((r) => r.json())) as typeof health;
        return health?.data?.modem.state === 'simulated' || health?.data?.modem.state === 'ok';
      }, 'the daemon healthy with its modem', 60_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(loaded)).toBe(true);
      const packages = packagesIn(readFileSync(loaded, 'utf8'));
      // The record is real: what every start needs is in it.
      for (const needed of ['better-sqlite3', 'express', 'pino', 'zod', 'libphonenumber-js', 'serialport']) expect(packages, needed).toContain(needed);
      expect(LAZY.filter((p) => packages.has(p))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 180_000);
});
