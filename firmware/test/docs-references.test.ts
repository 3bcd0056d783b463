// The guides in docs/ name files, pictures, sections and commands: each must exist. Every
// picture in docs/images/ is shown by some page; every relative link opens a file (and its
// #section, by GitHub's heading anchors); every `studio-box <command>` in code is one the CLI has.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';

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

  it('the anchors follow GitHub: punctuation dropped, spaces to hyphens', () => {
    expect(slug('Install on Raspberry Pi OS Lite (Bookworm, arm64)')).toBe('install-on-raspberry-pi-os-lite-bookworm-arm64');
    expect(slug('Modem restarts by itself (red "fault" LED)')).toBe('modem-restarts-by-itself-red-fault-led');
    expect(slug('The unit (`systemd/studio-box.service`)')).toBe('the-unit-systemdstudio-boxservice');
  });
});
