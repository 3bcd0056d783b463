// Customer import (C1) at the size of a studio moving from old software: a 50,000-row .xlsx
// (made here, with 50 bad rows of each kind) uploaded over HTTP to a box running in a process
// of its own (import-box.ts), checked (the dry run) and imported in one transaction. Prints the
// time of each step, the box process's peak resident memory and its longest event-loop stall.
// Targets: < 30 s and < 300 MB.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ImportStatus, ImportUpload } from '../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../firmware/test/helpers/http-client.js';
import { customerSheet, writeXlsx } from '../firmware/test/helpers/import-files.js';
import { verdict } from './timing.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const TARGET_S = 30;
const TARGET_MB = 300;

export async function run(): Promise<void> {
  console.log(`Studio Box import benchmark: ${ROWS.toLocaleString('en')} rows; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  const dir = mkdtempSync(join(tmpdir(), 'studio-box-bench-import-'));
  const file = join(dir, 'customers.xlsx');
  const sheet = customerSheet(ROWS, 50, '13700000000');
  await writeXlsx(file, sheet);
  console.log(`file: ${(statSync(file).size / 1e6).toFixed(1)} MB, ${sheet.valid.toLocaleString('en')} good rows, ${(ROWS - sheet.valid).toLocaleString('en')} bad`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'import-box.ts'), join(dir, 'data')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async (what: string): Promise<Record<string, number>> => {
    if (what) child.stdin!.write(`${what}\n`);
    const next = await lines.next();
    if (next.done) throw new Error('the box process ended');
    return JSON.parse(next.value) as Record<string, number>;
  };
  try {
    const url = `http://127.0.0.1:${(await ask('')).port}/`;
    const admin = new ApiClient(url);
    await admin.post('/api/setup', SETUP);
    await admin.post('/api/customers', { name: 'Already here', phones: [{ number: '13700000000' }] });
    const idle = await ask('report');
    child.stdin!.write('start\n');

    const t0 = performance.now();
    const res = await fetch(new URL(`/api/customer-imports?name=customers.xlsx`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', origin: url.replace(/\/$/, ''), cookie: admin.sessionCookie! },
      body: readFileSync(file),
    });
    const up = ((await res.json()) as { data: ImportUpload }).data;
    const t1 = performance.now();
    await admin.post(`/api/customer-imports/${up.id}/check`, { mapping: up.mapping });
    const checked = await settle(admin, up.id);
    const t2 = performance.now();
    await admin.post(`/api/customer-imports/${up.id}/run`, { mapping: up.mapping, skipRejected: true });
    const done = await settle(admin, up.id);
    const t3 = performance.now();
    const after = await ask('report');

    if (done.phase !== 'done') throw new Error(`the import ended ${done.phase}: ${JSON.stringify(done.error)}`);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`upload + header: ${s(t1 - t0)}`);
    console.log(`dry run:         ${s(t2 - t1)}  (${checked.check!.valid.toLocaleString('en')} valid, ${checked.check!.rejected} rejected)`);
    console.log(`import:          ${s(t3 - t2)}  (${done.imported!.toLocaleString('en')} customers, ${done.range!.first}–${done.range!.last}: staged, then one transaction)`);
    const total = (t3 - t0) / 1000;
    console.log(`total:           ${total.toFixed(1)} s   target < ${TARGET_S} s: ${verdict(total < TARGET_S)}`);
    console.log(`box peak RSS:    ${after.peakRssMb!.toFixed(0)} MB (${idle.peakRssMb!.toFixed(0)} MB before the upload)   target < ${TARGET_MB} MB: ${verdict(after.peakRssMb! < TARGET_MB)}`);
    console.log(`longest event-loop stall in the box: ${after.maxStallMs!.toFixed(0)} ms (the saving transaction)`);
  } finally {
    child.stdin!.write('stop\n');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function settle(client: ApiClient, id: string): Promise<ImportStatus> {
  for (;;) {
    const s = (await client.get<ImportStatus>(`/api/customer-imports/${id}`)).data;
    if (s.phase !== 'checking' && s.phase !== 'importing') return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}
