// Many exchanges outstanding on one smbclient session (smb-session.ts) never mix their
// answers: a stand-in for smbclient (the same marker protocol: `lcd /dev/null/…-mark-<n>`
// answered by "chdir to … failed (Not a directory)") that writes its output one byte at a
// time, at random moments, so every read the daemon makes ends somewhere mid-line — also in
// the middle of a marker. Hundreds of exchanges from many callers at once, each with its own
// lines: each answer holds exactly its own lines, in order, nothing of its neighbours'.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SmbSession } from '../../src/mirror/smb-session.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-smb-mux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Reads commands a line at a time as smbclient does; `say X` prints "X", `lcd P` fails as
// smbclient's does; output goes out byte by byte with a flush and, now and then, a pause.
const FAKE = `import os, random, sys, time
random.seed(int(sys.argv[1]))
def out(s):
    for b in s.encode():
        os.write(1, bytes([b]))
        if random.random() < 0.02: time.sleep(0.0005)
for line in sys.stdin:
    line = line.rstrip('\\n')
    if line.startswith('say '): out(line[4:] + '\\n')
    elif line.startswith('lcd '): out('chdir to ' + line[4:] + ' failed (Not a directory)\\n')
    elif line == 'quit': break
`;

describe('one session, many exchanges outstanding', () => {
  it('each answer holds exactly its own lines, whatever the reads cut', async () => {
    const fake = join(dir, 'fake-smbclient.py');
    writeFileSync(fake, FAKE);
    chmodSync(fake, 0o755);
    for (const seed of [1, 2, 3]) {
      const s = await SmbSession.open({ program: 'python3', args: [fake, String(seed)] }, 10_000);
      const said = (caller: number, k: number) => [0, 1, 2].map((j) => `caller ${caller} exchange ${k} line ${j} — 名 ảnh; "x"`);
      // 20 callers, each 10 exchanges; half of them as groups queued behind each other at once.
      const answers = await Promise.all(
        Array.from({ length: 20 }, async (_, caller) => {
          const got: string[][] = [];
          for (let k = 0; k < 10; k += 2) {
            if (caller % 2) {
              const two = await s.execGroups([said(caller, k).map((l) => `say ${l}`), said(caller, k + 1).map((l) => `say ${l}`)], 10_000);
              got.push(...two.map((t) => t.split('\n').filter(Boolean)));
            } else {
              for (const kk of [k, k + 1]) got.push((await s.exec(said(caller, kk).map((l) => `say ${l}`), 10_000)).split('\n').filter(Boolean));
            }
          }
          return got;
        }),
      );
      answers.forEach((got, caller) => got.forEach((lines, k) => expect(lines, `seed ${seed} caller ${caller} exchange ${k}`).toEqual(said(caller, k))));
      await s.close();
    }
  }, 60_000);
});
