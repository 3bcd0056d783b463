// The README's Node version is the one package.json's `engines` asks for (issue 10 item 7): a
// newcomer following the README word for word installs a Node the box runs on.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('README and engines', () => {
  it('name the same Node version, and the README no other', () => {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines)?.[1];
    expect(minimum, `engines.node is "${engines}"`).toBeDefined();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const named = [...readme.matchAll(/\bNode(?:\.js)?\s+v?(\d+(?:\.\d+){0,2})/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((v) => v !== minimum)).toEqual([]);
    expect(readme).toContain(`Node ${minimum} or newer`);
  });
});
