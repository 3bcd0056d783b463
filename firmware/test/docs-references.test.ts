// The guides in docs/ name files, pictures, sections and commands: each must exist. Every
// picture in docs/images/ is shown by some page; every relative link opens a file (and its
// #section, by GitHub's heading anchors); every `studio-box <command>` in code is one the CLI has.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { loadConfig } from '../src/config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = join(root, 'docs');
const pages = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(docsDir, f), 'utf8') }));

/** GitHub's anchor for a heading: lower case, punctuation dropped (not - or _), spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Inline code spans and indented or fenced code lines: where commands are written. */
function codeOf(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^ {4,}\S/.test(line)) out.push(line);
    else for (const m of line.matchAll(/`([^`]+)`/g)) out.push(m[1]!);
  }
  return out;
}

async function cliCommands(): Promise<Set<string>> {
  let help = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    help += String(chunk);
    return true;
  });
  try {
    expect(await runCli(['--help'], {})).toBe(0);
  } finally {
    write.mockRestore();
  }
  return new Set([...help.matchAll(/^\s+studio-box ([a-z][a-z-]*)/gm)].map((m) => m[1]!));
}

describe('docs/ references', () => {
  it('every picture in docs/images is shown by a page, and every picture a page shows exists', () => {
    const files = readdirSync(join(docsDir, 'images')).filter((f) => f.endsWith('.png')).sort();
    const shown = new Set(pages.flatMap((p) => [...p.text.matchAll(/\]\((images\/[^)\s]+)\)/g)].map((m) => m[1]!)));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !shown.has(`images/${f}`)), 'pictures no page shows').toEqual([]);
    expect([...shown].filter((s) => !existsSync(join(docsDir, s))), 'pictures that do not exist').toEqual([]);
  });

  it('every relative link opens a file, and its #section is a heading there', () => {
    const broken: string[] = [];
    for (const p of pages) {
      for (const m of p.text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const path = file ? resolve(docsDir, file) : join(docsDir, p.name);
        if (!existsSync(path)) {
          broken.push(`${p.name}: ${target} (no such file)`);
          continue;
        }
        if (anchor && path.endsWith('.md') && !anchors(readFileSync(path, 'utf8')).has(anchor)) broken.push(`${p.name}: ${target} (no such section)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every `studio-box <command>` written in a page is a command of the CLI', async () => {
    const commands = await cliCommands();
    // What the help lists today: a change there is a change here.
    expect([...commands]).toEqual(expect.arrayContaining(['serve', 'reset-password', 'sim', 'backup', 'scrub', 'modem', 'sms', 'ingest']));
    const unknown: string[] = [];
    for (const p of pages) {
      for (const code of codeOf(p.text)) {
        for (const m of code.matchAll(/(?:^|[\s|(])(?<!-u )studio-box ([a-z][a-z-]*)/g)) {
          if (!commands.has(m[1]!)) unknown.push(`${p.name}: studio-box ${m[1]}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('hardware.md wires each part to the default pin of the config, and names the header pin of that GPIO', () => {
    // The 40-pin header of every Pi since the B+: BCM GPIO → physical pin.
    const HEADER: Record<number, number> = { 0: 27, 1: 28, 2: 3, 3: 5, 4: 7, 5: 29, 6: 31, 7: 26, 8: 24, 9: 21, 10: 19, 11: 23, 12: 32, 13: 33, 14: 8, 15: 10, 16: 36, 17: 11, 18: 12, 19: 35, 20: 38, 21: 40, 22: 15, 23: 16, 24: 18, 25: 22, 26: 37, 27: 13 };
    const pins = loadConfig({ env: {} }).gpio.pins as Record<string, number | null>;
    const text = pages.find((p) => p.name === 'hardware.md')!.text;
    const rows = new Map([...text.matchAll(/^\|[^|]+\| `(\w+)` \| (\d+) \| (\d+) \|/gm)].map((m) => [m[1]!, { bcm: Number(m[2]), header: Number(m[3]) }]));
    expect([...rows.keys()].sort()).toEqual(Object.keys(pins).sort());
    for (const [key, row] of rows) {
      expect(row.bcm, key).toBe(pins[key]);
      expect(row.header, key).toBe(HEADER[row.bcm]);
    }
  });

  it('the anchors follow GitHub: punctuation dropped, spaces to hyphens', () => {
    expect(slug('Install on Raspberry Pi OS Lite (Bookworm, arm64)')).toBe('install-on-raspberry-pi-os-lite-bookworm-arm64');
    expect(slug('Modem restarts by itself (red "fault" LED)')).toBe('modem-restarts-by-itself-red-fault-led');
    expect(slug('The unit (`systemd/studio-box.service`)')).toBe('the-unit-systemdstudio-boxservice');
  });
});
