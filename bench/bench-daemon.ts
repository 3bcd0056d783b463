// The whole daemon (HTTP, SQLite, the simulated modem on a socat pty) on a temp folder, for the
// benchmarks that measure the path through the real serial line and the browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../firmware/src/config.js';
import { createLogger } from '../firmware/src/log.js';
import { startBox, type RunningBox } from '../firmware/src/main.js';

export interface BenchDaemon {
  box: RunningBox;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Starts the box with the simulator answering at once; `config` adds to that. Waits until the modem is ready. */
export async function startBenchDaemon(name: string, config: Record<string, unknown> = {}): Promise<BenchDaemon> {
  const dataDir = mkdtempSync(join(tmpdir(), `studio-box-bench-${name}-`));
  const box = await startBox(
    loadConfig({
      env: {},
      overrides: { dataDir, http: { host: '127.0.0.1', port: 0 }, log: { level: 'silent' }, modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, ...config },
    }),
    createLogger('silent'),
  );
  const deadline = Date.now() + 15_000;
  while (!box.modem?.isReady) {
    if (Date.now() > deadline) {
      await box.close();
      throw new Error('the simulated modem did not become ready (is socat installed?)');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    box,
    url: `http://127.0.0.1:${box.port}/`,
    dataDir,
    async close() {
      await box.close();
      if (!process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
