// The `studio-box ingest` command as the crash test runs it: ingestCommand with the config from
// the environment (STUDIO_BOX_DATA_DIR, STUDIO_BOX_DISKS__LIBRARY__PATH, …), exactly what
// cli.ts does, plus one test seam: CRASH_AT="point:n,point:n" makes the process SIGKILL itself
// the n-th time it reaches that point of the copy (see IngestHooks), like a power cut there;
// CLOCK (an ISO time) pins the clock that names the dated shoot folder, so a test's expected
// folder does not depend on the day it runs; BATCH_FILES sets the commit group size (1: the
// crash windows of one file, as file-commit.ts lists them).
import { ingestCommand } from '../../src/cli/ingest-command.js';
import { loadConfig } from '../../src/config.js';

const [from, customer] = process.argv.slice(2);
const targets = new Map(
  (process.env.CRASH_AT ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => {
      const [name, n] = s.split(':');
      return [name!, Number(n ?? 1)] as const;
    }),
);
const seen = new Map<string, number>();
const hooks = {
  point(name: string) {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (targets.get(name) === n) process.kill(process.pid, 'SIGKILL');
  },
};
const config = loadConfig({ env: process.env });
const pinned = process.env.CLOCK;
const clock = pinned ? () => new Date(pinned) : undefined;
const batch = process.env.BATCH_FILES ? { files: Number(process.env.BATCH_FILES) } : undefined;
process.exitCode = await ingestCommand({ from, customer }, { config, stdout: process.stdout, stderr: process.stderr, hooks, plainProgressMs: 60_000, ...(clock ? { clock } : {}), ...(batch ? { batch } : {}) });
