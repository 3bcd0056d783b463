// The box on the studio network (H6): its addresses for the status page, and its name, which
// only root can change (the root helper's set-hostname, through a configured command).
import { execFile } from 'node:child_process';
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { BoxAddress } from '../api-types.js';

/** The addresses people can type: not loopback, not link-local IPv6 (fe80::, needs a zone), IPv4 first. */
export function lanAddresses(ifaces: NodeJS.Dict<NetworkInterfaceInfo[]>): BoxAddress[] {
  const out: BoxAddress[] = [];
  for (const [iface, infos] of Object.entries(ifaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv6' && /^fe80:/i.test(info.address)) continue;
      out.push({ iface, address: info.address, family: info.family });
    }
  }
  return out.sort((a, b) => (a.family === b.family ? a.iface.localeCompare(b.iface, 'en') || a.address.localeCompare(b.address, 'en') : a.family === 'IPv4' ? -1 : 1));
}

export const currentAddresses = (): BoxAddress[] => lanAddresses(networkInterfaces());
export const currentHostname = (): string => hostname();

/** "…/helper set-hostname {name}" (the root helper over its socket) → argv; split before filling in, no shell. */
export function renameArgv(template: string, name: string): string[] {
  return template
    .trim()
    .split(/\s+/)
    .map((w) => w.replaceAll('{name}', name));
}

/** Runs the configured rename command; rejects with its own words when it fails. */
export function runRename(template: string, name: string): Promise<void> {
  const [cmd, ...args] = renameArgv(template, name);
  return new Promise((resolve, reject) => {
    execFile(cmd!, args, { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve();
    });
  });
}
