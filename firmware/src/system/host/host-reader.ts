// What the routes see of the computer: its status and its recent log, behind one narrow
// interface (tests of the routes may pass their own).
import type { HostStatus, LogLevelName, LogRead } from '../../api-types.js';
import { recentLog, type LogRing } from '../../log-ring.js';
import { readBoxLog } from './box-log.js';
import type { HostRoots } from './host-files.js';
import { readHostStatus, type DiskDevice } from './host-status.js';
import { runCommand, type CommandRunner } from './run-command.js';

export interface HostReader {
  status(): Promise<HostStatus>;
  log(minLevel: LogLevelName, limit: number): Promise<LogRead>;
}

export function createHostReader(o: {
  disks: () => Promise<DiskDevice[]>;
  smartCommand: string;
  startedAt: number;
  roots?: HostRoots;
  run?: CommandRunner;
  ring?: LogRing;
  env?: NodeJS.ProcessEnv;
}): HostReader {
  const run = o.run ?? runCommand;
  return {
    async status() {
      const disks = await o.disks();
      return readHostStatus({ disks: () => disks, smartCommand: o.smartCommand, startedAt: o.startedAt, run, ...(o.roots ? { roots: o.roots } : {}) });
    },
    log: (minLevel, limit) => readBoxLog({ ring: o.ring ?? recentLog, run, underSystemd: Boolean((o.env ?? process.env).JOURNAL_STREAM) }, minLevel, limit),
  };
}
