// Starting the built daemon as a person does, when it cannot start: one clear line, the right
// exit code, and no child process (the simulator's socat) left behind. And the logs' two forms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, ensureBuilt, processesMentioning, serve } from './helpers/cli-daemon.js';
import { waitFor } from './helpers/wait-for.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-start-'));
const tmp = (prefix: string) => mkdtempSync(join(scratch, prefix));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

const run = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { PATH: process.env.PATH ?? '', STUDIO_BOX_HTTP__HOST: '127.0.0.1', ...env }, timeout: 60_000 });

describe('a start that fails', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('on a port in use: one line naming the port and how to choose another, exit 78, nothing left running', () => {
    const cwd = tmp('busy-');
    for (const how of [['serve', '--port', String(port)], ['serve']]) {
      const r = run(cwd, how, how.length === 1 ? { STUDIO_BOX_HTTP__PORT: String(port) } : {});
      expect(r.status, r.stderr).toBe(78);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`port ${port} is in use`));
      expect(r.stderr).toMatch(/--port \d+/);
      expect(r.stderr).toMatch(/STUDIO_BOX_HTTP__PORT=\d+/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
    }
    expect(processesMentioning(cwd)).toEqual([]);
  });

  it('after the simulated modem started: every part is stopped again, socat too', () => {
    const cwd = tmp('late-');
    // The card slot is a file: the card watcher fails, after the modem simulator is up.
    writeFileSync(join(cwd, 'not-a-folder'), '');
    const r = run(cwd, ['serve', '--port', '0'], { STUDIO_BOX_CARD_SOURCE__PATH: join(cwd, 'not-a-folder') });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^studio-box: could not start: .*not-a-folder/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // The simulator did start (its links were made) before the failure…
    expect(r.stderr).toMatch(/modem link/);
    // …and nothing of it is left.
    expect(processesMentioning(cwd)).toEqual([]);
  });
});

describe('a stop during start-up', () => {
  it('SIGTERM as soon as the simulator is up: every part is started, then stopped; exit 0, no socat left', async () => {
    const cwd = tmp('early-');
    const d = serve(cwd);
    // The simulator's pty pair is up; the rest of the box is still starting.
    await waitFor(() => /modem link/.test(d.err()), 'the modem simulator started', 30_000, 5);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(processesMentioning(cwd)).toEqual([]);
  });
});

describe('logs', () => {
  it('text by default: the banner alone on stdout, human log lines on stderr', async () => {
    const cwd = tmp('text-');
    const d = serve(cwd);
    await d.waitOut(/Open (http:\/\/\S+\/)/);
    expect(d.out()).not.toMatch(/"level"/);
    await waitFor(() => /INFO {2}database ready/.test(d.err()), 'a text log line');
    expect(d.err()).not.toMatch(/^\{/m);
    expect(await d.stop()).toBe(0);
    expect(processesMentioning(cwd)).toEqual([]);
  });

  it('--log-format json: only JSON lines on stdout, the banner as one of them', async () => {
    const cwd = tmp('json-');
    const d = serve(cwd, ['--log-format', 'json']);
    const [line] = await d.waitOut(/^.*"Studio Box is running".*$/m);
    const running = JSON.parse(line) as { url: string; level: number };
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(new URL('/api/health', running.url))).status).toBe(200);
    expect(await d.stop()).toBe(0);
    for (const l of d.out().trim().split('\n')) expect(() => JSON.parse(l), l).not.toThrow();
    expect(run(cwd, ['serve', '--log-format', 'xml']).status).toBe(78);
  });
});
