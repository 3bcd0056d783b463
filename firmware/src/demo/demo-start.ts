// `studio-box serve --demo` (`npm start -- --demo`): a fresh box gets the demo studio's data.
// Before the setup wizard there is no language or country yet, so the data waits for it and
// comes in the language and country chosen there. A box with data is never touched.
import type { Logger } from '../log.js';
import type { RunningBox } from '../main.js';
import { DemoRefused, fillDemo, realData } from './demo-fill.js';

export interface DemoStart {
  /** 0, or the exit code when the demo was refused (the box should stop). */
  code: number;
  /** Stops waiting for the wizard (the box is stopping). */
  stop(): void;
}

const REFUSED_TAIL = 'to try the demo, start a box on a new data folder: npm start -- --demo --data ./demo-data';

/** `say` tells the person who started the box (stdout, or the log with JSON logs); `refuse` is stderr. */
export async function startDemo(
  box: RunningBox,
  log: Logger,
  say: (line: string) => void = (l) => process.stdout.write(`  ${l}\n`),
  refuse: (line: string) => void = (l) => process.stderr.write(`studio-box: ${l}\n`),
): Promise<DemoStart> {
  const ctx = box.ctx;
  const found = realData(ctx);
  if (found.length) {
    refuse(`--demo refused: this box already has data (${found.join(', ')}); ${REFUSED_TAIL}`);
    return { code: 1, stop: () => undefined };
  }
  const fill = async (): Promise<void> => {
    const admin = ctx.users.list().find((u) => u.isAdmin && !u.disabled);
    const settings = ctx.settings.get();
    if (!admin || !settings) return;
    try {
      const s = await fillDemo(ctx, settings, { id: admin.id, name: admin.displayName }, log);
      say(`Demo: ${s.customers} customers, ${s.orders} orders, ${s.payments} payments, ${s.cards} member cards${s.messages ? `, an SMS thread of ${s.messages} messages` : ''} added.`);
    } catch (e) {
      if (e instanceof DemoRefused) refuse(`--demo refused: ${e.message}`);
      else log.error({ err: e }, 'demo data could not be added');
    }
  };
  if (ctx.users.count() > 0) {
    await fill();
    return { code: 0, stop: () => undefined };
  }
  say('Demo: finish the setup wizard in the browser; the demo data is then added in the language and for the country chosen there.');
  // The wizard is one request; a look every second is plenty and costs nothing.
  let busy = false;
  const timer = setInterval(() => {
    if (busy || ctx.users.count() === 0) return;
    busy = true;
    clearInterval(timer);
    void fill();
  }, 1000);
  return { code: 0, stop: () => clearInterval(timer) };
}
