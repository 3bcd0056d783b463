// `studio-box modem status`: what the running daemon last knew about the modem. The daemon
// owns the serial port, so this reads the status file it writes on every change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModemStatus } from '../api-types.js';
import type { Config } from '../config.js';

type StatusFile = ModemStatus & { writtenAt: string; pid: number };

export function modemStatusFile(config: Config): string {
  return join(config.dataDir, 'run', 'modem-status.json');
}

export function modemCommand(config: Config, args: string[], json: boolean): number {
  if (args[0] !== 'status') {
    process.stderr.write('usage: studio-box modem status [--json]\n');
    return 2;
  }
  const file = modemStatusFile(config);
  let s: StatusFile;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as StatusFile;
  } catch {
    process.stderr.write(`no modem status at ${file}: the box has not run with a modem on this data folder\n`);
    return 1;
  }
  const running = isRunning(s.pid);
  if (json) {
    process.stdout.write(JSON.stringify({ ...s, daemonRunning: running }, null, 2) + '\n');
    return 0;
  }
  const i = s.info;
  const rows: [string, string][] = [
    ['state', `${s.state}${s.detail ? ` (${s.detail})` : ''}`],
    ['as of', `${s.writtenAt}${running ? '' : `  — the box (pid ${s.pid}) is not running: this is old`}`],
    ['kind / port', `${s.kind} ${s.port ?? ''}`],
    ['link', s.link ? `${s.link.state} since ${s.link.since}${s.link.lastError ? `; last error: ${s.link.lastError}` : ''}` : '-'],
    ['model', i ? [i.manufacturer, i.model, i.revision].filter(Boolean).join(' ') : '-'],
    ['IMEI', i?.imei ?? '-'],
    ['SIM', i ? `${i.sim}${i.simDetail && i.sim !== 'ready' ? ` (${i.simDetail})` : ''}` : '-'],
    ['operator', i?.operator ?? '-'],
    ['registration', i?.registration ?? '-'],
    ['signal', i && i.csq !== null ? `CSQ ${i.csq}${i.signalDbm !== null ? `, ${i.signalDbm} dBm` : ' (unknown)'}` : '-'],
    ['SMS centre', i?.smsCentre ?? '-'],
    ['power', s.powerWarning ? `${s.powerWarning.kind} at ${s.powerWarning.at}` : 'no warning'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(13)} ${v}\n`);
  return 0;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
