// The eject button held for gpio.longPressSeconds (H5): a clean shutdown through the command in
// gpio.longPressCommand (on the Pi the root helper's `poweroff`: the daemon has no privileges
// of its own). Without a command — a laptop, a dev machine — the press is logged and refused:
// holding a key on a developer's test rig must never switch their computer off.
import { execFile } from 'node:child_process';
import type { Logger } from '../log.js';
import type { Gpio } from './gpio.js';

export type CommandRun = (cmd: string, args: string[]) => Promise<void>;

const execRun: CommandRun = (cmd, args) =>
  new Promise((resolve, reject) => {
    // No shell: the command's words are split on spaces, as the other configured commands are.
    execFile(cmd, args, { timeout: 30_000 }, (err) => (err ? reject(err) : resolve()));
  });

export interface ShutdownButtonOptions {
  /** gpio.longPressCommand; null: refuse. */
  command: string | null;
  log: Logger;
  run?: CommandRun;
  /** The buzzer's short answer: the person can let go. */
  beepMs?: number;
}

/** Listens for the long press; returns the unsubscribe function. */
export function wireShutdownButton(gpio: Gpio, o: ShutdownButtonOptions): () => void {
  const run = o.run ?? execRun;
  return gpio.onLongPress(() => {
    if (!o.command) {
      o.log.warn('button held: shutdown refused, gpio.longPressCommand is not set (not a Pi): this computer stays on');
      return;
    }
    const [cmd, ...args] = o.command.trim().split(/\s+/);
    o.log.warn({ command: o.command }, 'button held: shutting down');
    gpio.setBuzzer(true);
    setTimeout(() => gpio.setBuzzer(false), o.beepMs ?? 300).unref();
    run(cmd!, args).catch((err: unknown) => o.log.error({ err, command: o.command }, 'the long-press shutdown command failed'));
  });
}
