// A stand-in for a command the box runs (the root helper's set-hostname, update): a script that
// appends its arguments to a file, and may refuse as the helper would.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordingCommand {
  path: string;
  /** What it was called with, one line per call; null when it never ran. */
  calls(): string | null;
}

/** `refuse`: a shell test on the arguments ("$2" = x) that makes it fail with `root-helper: refused`. */
export function recordingCommand(dir: string, name: string, refuse?: string): RecordingCommand {
  const path = join(dir, name);
  const log = join(dir, `${name}.calls`);
  const guard = refuse ? `if [ ${refuse} ]; then echo "root-helper: refused" >&2; exit 2; fi\n` : '';
  writeFileSync(path, `#!/bin/sh\n${guard}echo "$@" >>'${log}'\n`);
  chmodSync(path, 0o755);
  return { path, calls: () => (existsSync(log) ? readFileSync(log, 'utf8') : null) };
}
