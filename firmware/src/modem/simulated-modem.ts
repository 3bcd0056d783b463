import type { Modem, ModemStatus } from './modem.js';

/**
 * Development stand-in used by `npm start` on a laptop. For now it only reports itself;
 * the AT-speaking simulator on a pseudo-terminal replaces it with the modem issue.
 */
export class SimulatedModem implements Modem {
  private running = false;

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  status(): ModemStatus {
    return {
      state: this.running ? 'simulated' : 'down',
      kind: 'simulator',
      port: null,
      detail: this.running ? 'simulated modem (no SIM): nothing is really sent' : 'stopped',
    };
  }
}
