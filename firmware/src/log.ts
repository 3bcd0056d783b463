import { pino, type Logger } from 'pino';

export type { Logger };

/** The root logger; modules take a child (`log.child({ module: 'crm' })`). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'studio-box' } });
}
