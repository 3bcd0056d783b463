import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartError } from '../start-error.js';

export interface Listening {
  server: Server;
  port: number;
  /** Hands requests to the app once the box is ready; until then they get 503 "starting". */
  serve(app: RequestListener): void;
}

const HOW = (port: number) => {
  const other = port > 0 && port < 65535 ? port + 1 : 8081;
  return `choose another port: studio-box serve --port ${other} (npm start -- --port ${other}), or STUDIO_BOX_HTTP__PORT=${other}`;
};

/**
 * Binds the HTTP port before anything else starts (the modem simulator's socat, the card
 * watcher…), so a port that is taken stops the box at once with nothing to clean up.
 */
export async function listenEarly(port: number, host: string): Promise<Listening> {
  let app: RequestListener | null = null;
  const server = createServer((req, res) => {
    if (app) return app(req, res);
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
    res.end(JSON.stringify({ error: { code: 'starting', message: 'the box is starting; try again in a moment' } }));
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
  } catch (err) {
    server.close();
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host}:${port}`;
    if (code === 'EADDRINUSE') throw new StartError(`port ${port} is in use (${where}: another Studio Box or another program listens there); ${HOW(port)}`);
    if (code === 'EACCES') throw new StartError(`port ${port} needs privileges this user does not have (${where}); ${HOW(port)}, or give node CAP_NET_BIND_SERVICE`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`http.host ${host} is not an address of this computer; use 0.0.0.0 (every address) or one of its own`);
    throw err;
  }
  return {
    server,
    port: (server.address() as AddressInfo).port,
    serve(a) {
      app = a;
    },
  };
}
