// What one stored file's two read-backs mean, and what to do about it. Pure: the runner reads
// the disks, this decides. Exhaustively tested in test/scrub/scrub-check.test.ts.

export type DiskRole = 'library' | 'backup';

/** What reading one copy gave. */
export type CopyState =
  | { kind: 'ok' }
  | { kind: 'missing' }
  | { kind: 'mismatch'; size: number; hash: string }
  | { kind: 'unreadable'; error: string };

export type Verdict =
  | { action: 'none' }
  /** One copy is bad: write it again from the other (good) one. */
  | { action: 'repair'; target: DiskRole; from: DiskRole; bad: Exclude<CopyState, { kind: 'ok' }> }
  /** No good copy on either disk: nothing may be overwritten; an alarm. */
  | { action: 'alarm'; library: Exclude<CopyState, { kind: 'ok' }>; backup: Exclude<CopyState, { kind: 'ok' }> };

/** A read-back (or its error) against the recorded size and hash. */
export function classify(expected: { size: number; hash: string }, got: { size: number; hash: string } | { error: NodeJS.ErrnoException | Error }): CopyState {
  if ('error' in got) {
    const code = (got.error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file where a folder of the path should be; the copy is not there either.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', error: got.error.message };
  }
  if (got.size === expected.size && got.hash === expected.hash) return { kind: 'ok' };
  return { kind: 'mismatch', size: got.size, hash: got.hash };
}

export function decide(library: CopyState, backup: CopyState): Verdict {
  if (library.kind === 'ok' && backup.kind === 'ok') return { action: 'none' };
  if (library.kind === 'ok') return { action: 'repair', target: 'backup', from: 'library', bad: backup as Exclude<CopyState, { kind: 'ok' }> };
  if (backup.kind === 'ok') return { action: 'repair', target: 'library', from: 'backup', bad: library };
  return { action: 'alarm', library, backup };
}

/** The finding's words for people (the log, the CLI, the status page's detail). */
export function describeCopy(role: DiskRole, s: CopyState): string {
  switch (s.kind) {
    case 'ok':
      return `${role} copy is good`;
    case 'missing':
      return `${role} copy is missing`;
    case 'mismatch':
      return `${role} copy has other bytes (${s.size} bytes, xxh3-128 ${s.hash})`;
    case 'unreadable':
      return `${role} copy cannot be read: ${s.error}`;
  }
}
