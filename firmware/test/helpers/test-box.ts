// Starts the real daemon (real HTTP, real SQLite file) on 127.0.0.1 with a fresh data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { startBox, type RunningBox } from '../../src/main.js';
import type { Clock } from '../../src/util/clock.js';
import type { BoxAddress } from '../../src/api-types.js';

export interface TestBox {
  url: string;
  dataDir: string;
  box: RunningBox;
  close(): Promise<void>;
}

export async function startTestBox(opts: { config?: Record<string, unknown>; clock?: Clock; dataDir?: string; addresses?: () => BoxAddress[]; /** The box's logger (default: at the config's level, as the daemon makes it). */ log?: Logger } = {}): Promise<TestBox> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'studio-box-test-'));
  // Tests that drive the simulated modem send delivery reports themselves unless they ask otherwise.
  const modem = { simulatorDeliveryReports: false, ...((opts.config?.modem as Record<string, unknown> | undefined) ?? { kind: 'none' }) };
  const config = loadConfig({
    env: {},
    // No modem unless a test asks for one (`modem: { kind: 'simulator' }`): API tests stay fast.
    overrides: { dataDir, http: { host: '127.0.0.1', port: 0 }, log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' }, ...opts.config, modem },
  });
  const box = await startBox(config, opts.log ?? createLogger(config.log.level), { ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.addresses ? { addresses: opts.addresses } : {}) });
  const url = `http://127.0.0.1:${box.port}/`;
  return {
    url,
    dataDir,
    box,
    async close() {
      await box.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
