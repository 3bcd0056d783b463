// The daemon's local control socket, <dataDir>/run/control.sock: `studio-box sim …` in a shell
// on the box drives the running daemon's simulated modem through it. A unix socket, not a TCP
// port: nothing on the network can reach it, and only users who may read the data folder
// (where the database is anyway) can connect (the socket is made 0600).
import { once } from 'node:events';
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import express from 'express';
import type { Logger } from '../log.js';
import type { SimulatorControl } from '../modem/simulator-control.js';
import { errorHandler, notFoundApi } from './error-handler.js';
import { simulatorRoutes } from './routes/core/simulator-routes.js';

export const controlSocketPath = (dataDir: string): string => join(dataDir, 'run', 'control.sock');

/** A unix socket path longer than this cannot be bound (sun_path is 108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

export interface ControlSocket {
  path: string;
  close(): Promise<void>;
}

/** Starts the control socket, or returns null (logged) when it cannot be made. */
export async function startControlSocket(dataDir: string, simulator: SimulatorControl | null, log: Logger): Promise<ControlSocket | null> {
  const path = controlSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    log.warn({ path }, 'control socket path too long for a unix socket; `studio-box sim` will not reach this box');
    return null;
  }
  const app = express();
  app.disable('x-powered-by');
  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  api.use(simulatorRoutes(simulator, (_req, _res, next) => next()));
  api.use(notFoundApi);
  app.use('/api', api);
  app.use(errorHandler(log));
  await mkdir(dirname(path), { recursive: true });
  // A socket left by a box that was killed: nothing listens there any more.
  await rm(path, { force: true });
  const server: Server = app.listen(path);
  try {
    await once(server, 'listening');
    await chmod(path, 0o600);
  } catch (err) {
    server.close();
    log.warn({ err, path }, 'control socket could not be made; `studio-box sim` will not reach this box');
    return null;
  }
  return {
    path,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}
