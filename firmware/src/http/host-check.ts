import type { RequestHandler } from 'express';
import { hostname as osHostname, networkInterfaces } from 'node:os';

/** The mDNS name the image gives every box (image-build); also allowed when renamed. */
export const BOX_MDNS_NAME = 'studio-box.local';

/** "Studio-Box.local." / "[::1]" / "::1" -> one comparable form. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  h = h.replace(/%[^%]*$/, ''); // an IPv6 zone (fe80::1%eth0) is not part of the address
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** The names and addresses of this machine a browser on the LAN may use to reach it. Pure. */
export function ownHostNames(hostname: string, addresses: string[]): string[] {
  const host = normalizeHost(hostname);
  return [...new Set(['localhost', '127.0.0.1', '::1', BOX_MDNS_NAME, host, `${host}.local`, ...addresses.map(normalizeHost)].filter(Boolean))];
}

function systemNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return ownHostNames(osHostname(), addresses);
}

export interface HostCheckOptions {
  /** config http.allowedHosts: more names; "*" allows any. */
  extra: string[];
  /** The machine's own names; default: read from the OS (addresses change with DHCP: re-read every few seconds). */
  ownNames?: () => string[];
}

/**
 * DNS rebinding: a page on evil.example re-points its name at the box's address and then
 * talks to the box as "same origin", with the Host header saying evil.example. Refusing
 * every Host that is not the box's own name or address closes that: the page can then
 * neither run the first-run wizard nor use the session of a staff member who opens it.
 * An address typed as such (http://192.168.1.50/) is never a rebinding: the box's own
 * addresses are allowed, read live as they change with DHCP.
 */
export function hostCheck(opts: HostCheckOptions): RequestHandler {
  const extra = new Set(opts.extra.map(normalizeHost));
  if (extra.has('*')) return (_req, _res, next) => next();
  const readOwn = opts.ownNames ?? systemNames;
  let own: Set<string> = new Set();
  let readAt = -Infinity;
  const allowed = (host: string): boolean => {
    if (extra.has(host)) return true;
    // Re-read every 5 s, and sooner (once a second at most) for an unknown name: a new DHCP address.
    const now = Date.now();
    if (now - readAt > 5_000 || (!own.has(host) && now - readAt > 1_000)) {
      own = new Set(readOwn().map(normalizeHost));
      readAt = now;
    }
    return own.has(host);
  };
  return (req, res, next) => {
    // With trust proxy, req.hostname is X-Forwarded-Host from a trusted proxy; else Host.
    const raw = req.hostname ?? '';
    const host = normalizeHost(raw);
    if (host && allowed(host)) return next();
    const shown = raw.replace(/[^\x21-\x7e]/g, '?').slice(0, 100) || '(none)';
    const suggest = [...own].find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && !a.startsWith('127.'));
    const message =
      `This box does not answer to the name "${shown}". Open it by its own name or address, ` +
      `e.g. http://${BOX_MDNS_NAME}/${suggest ? ` or http://${suggest}/` : ''}. ` +
      `If you reach it by this name on purpose (your own DNS name, a proxy), add "${shown}" to ` +
      `http.allowedHosts in the box's configuration and restart it.`;
    res.status(421).setHeader('Cache-Control', 'no-store');
    if (req.path.startsWith('/api/')) res.json({ error: { code: 'wrong_host', message } });
    else res.type('text/plain; charset=utf-8').send(message + '\n');
  };
}
