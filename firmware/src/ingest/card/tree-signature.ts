// A cheap fingerprint of a folder tree's contents (how many entries, how many bytes, the newest
// change), to tell when a folder being copied into the card slot has stopped changing.
// Symbolic links inside are not followed: a link loop must not hang the scan.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Past this many entries the fingerprint stops counting: still changes while a copy runs. */
const MAX_ENTRIES = 200_000;

export async function treeSignature(root: string): Promise<string> {
  let entries = 0;
  let bytes = 0;
  let newest = 0;
  const stack = [root];
  while (stack.length && entries < MAX_ENTRIES) {
    const dir = stack.pop()!;
    const st = await lstat(dir);
    newest = Math.max(newest, st.mtimeMs, st.ctimeMs);
    for (const d of await readdir(dir, { withFileTypes: true })) {
      entries++;
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        stack.push(p);
      } else {
        const s = await lstat(p).catch(() => null);
        if (!s) continue;
        bytes += s.size;
        newest = Math.max(newest, s.mtimeMs, s.ctimeMs);
      }
    }
  }
  return `${entries}:${bytes}:${newest}`;
}
