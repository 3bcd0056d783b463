// Every route an express app answers, read from its router stack (express 5 / router 2), so a
// test over "every route" covers a route added tomorrow without anyone editing a list.
import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  /** The full path as written in the code, e.g. /api/customers/:id. */
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

export function expressRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = joinPath(prefix, String(layer.route.path));
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, joinPath(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

const joinPath = (a: string, b: string) => (a + (b.startsWith('/') || b === '' ? b : '/' + b)).replace(/\/{2,}/g, '/');
