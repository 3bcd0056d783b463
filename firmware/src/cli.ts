#!/usr/bin/env node
// `studio-box`: the daemon (`serve`) and support commands (COMMANDS below).
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { startBox, type RunningBox } from './main.js';
import { systemdNotifier } from './system/sd-notify.js';
import { StartError } from './start-error.js';
import type { DemoStart } from './demo/demo-start.js';
import { VERSION } from './version.js';

const HELP = `studio-box ${VERSION}: the Studio Box daemon and its tools

Usage:
  studio-box serve [options]     start the box (what \`npm start\` runs)
  studio-box config [options]    check the configuration and print it as JSON
  studio-box reset-password USER set a user's password (read from standard input),
                                 e.g. a forgotten admin password
  studio-box sms send --to NUMBER --text TEXT [--wait]
                                 queue an SMS; the running box sends it
  studio-box sms list [--inbox] [--state STATE] [--limit N] [--json]
                                 the outbox with each message's state, or the inbox
  studio-box modem status [--json]
                                 port, model, IMEI, SIM, operator, registration, signal
  studio-box sim ring NUMBER [--answer] [--hang-up-after SECONDS]
  studio-box sim hang-up
  studio-box sim sms --from NUMBER --text TEXT
  studio-box sim delivery-reports on|off
  studio-box sim status [--json]
                                 drive the running box's simulated modem: a caller
                                 rings (and hangs up), an SMS arrives, the network
                                 reports messages delivered or not
  studio-box pdu decode HEX [--no-smsc]
  studio-box pdu encode --to NUMBER --text TEXT
                                 decode an SMS PDU to JSON, or print the PDU(s) of a text
  studio-box callerid decode 'LINE or HEX'
                                 decode a +CLIP/+CLCC line, a NMBR = … block or an
                                 SDMF/MDMF frame, and print it as JSON
  studio-box ingest --from PATH --customer ID|C000123 [--order LABEL] [--card-id ID]
                                 copy a card (or any folder) into the customer's folder on
                                 the library and backup disks, read both copies back, skip
                                 what is already there (not while the daemon is ingesting)
  studio-box scrub [--customer ID|C000123]
                                 read every stored file back from both disks against its
                                 recorded hash; a bad copy is written again from the good one
                                 (asks the running daemon, or does it itself when none runs)
  studio-box backup now | list | verify FILE | restore FILE [--yes]
                                 back up the database now (to the backup disk and the
                                 share too, as the nightly one), list the backups, check a
                                 backup file and show what it holds, or restore one (it
                                 takes the database's place at the box's next start)
  studio-box --help | --version

Options:
  -c, --config FILE   JSON config file (also: STUDIO_BOX_CONFIG)
  -p, --port N        HTTP port (default 8080; also STUDIO_BOX_HTTP__PORT)
  -d, --data DIR      data folder (default ./data; also STUDIO_BOX_DATA_DIR)
  --log-format F      serve: text (default; human lines on stderr, the journal's
                      levels under systemd) or json (JSON lines on stdout)
  --demo              serve: fill a fresh box with demo customers, orders, member
                      cards, payments and an SMS thread (refused on a box with data)

Configuration is read from embedded defaults, then the config file, then the
environment (STUDIO_BOX_<KEY>, "__" between nested keys, e.g. STUDIO_BOX_MODEM__PORT),
then these options. With no configuration at all the box runs on this computer:
SQLite under ./data, a simulated modem, ./data/card-slot as the card slot and
./data/library, ./data/backup as the two disks.
`;

interface Flags {
  to?: string | undefined;
  text?: string | undefined;
  noSmsc?: boolean | undefined;
  state?: string | undefined;
  limit?: string | undefined;
  inbox?: boolean | undefined;
  wait?: boolean | undefined;
  json?: boolean | undefined;
  from?: string | undefined;
  customer?: string | undefined;
  order?: string | undefined;
  cardId?: string | undefined;
  answer?: boolean | undefined;
  hangUpAfter?: string | undefined;
  demo?: boolean | undefined;
  yes?: boolean | undefined;
}

// Each command's module (and the demo's data) is loaded when that command runs: the daemon
// does not keep the support commands in memory (idle memory, issue 17).
const COMMANDS: Record<string, (config: () => Config, args: string[], flags: Flags) => Promise<number>> = {
  serve,
  sim: async (config, args, flags) => (await import('./cli/sim-command.js')).simCommand(config(), args, flags),
  'reset-password': async (config, args) => (await import('./cli/reset-password.js')).resetPassword(config(), args[0]),
  callerid: async (_config, args) => (await import('./cli/callerid-command.js')).callerIdCommand(args),
  pdu: async (_config, args, flags) => (await import('./cli/pdu-command.js')).pduCommand(args, flags),
  sms: async (config, args, flags) => (await import('./cli/sms-command.js')).smsCommand(config(), args, flags),
  modem: async (config, args, flags) => (await import('./cli/modem-command.js')).modemCommand(config(), args, flags.json ?? false),
  ingest: async (config, _args, flags) =>
    (await import('./cli/ingest-command.js')).ingestCommand(
      { from: flags.from, customer: flags.customer, order: flags.order, cardId: flags.cardId },
      { config: config(), stdout: process.stdout, stderr: process.stderr },
    ),
  backup: async (config, args, flags) =>
    (await import('./cli/backup-command.js')).backupCommand(args, { yes: flags.yes ?? false, json: flags.json ?? false }, { config: config(), stdout: process.stdout, stderr: process.stderr, env: process.env }),
  scrub: async (config, _args, flags) => (await import('./cli/scrub-command.js')).scrubCommand({ customer: flags.customer }, { config: config(), stdout: process.stdout, stderr: process.stderr }),
  config: async (config) => {
    process.stdout.write(JSON.stringify(config(), null, 2) + '\n');
    return 0;
  },
};

async function serve(readConfig: () => Config, _args: string[], flags: Flags): Promise<number> {
  const config = readConfig();
  const log = createLogger(config.log.level, { format: config.log.format });
  // Signals are taken from the first moment: a stop during start-up still stops every part
  // (and the simulator's socat) once they are up, instead of killing node under them.
  let stopRequested: string | null = null;
  let wake: () => void = () => undefined;
  const stop = (signal: string) => {
    stopRequested = signal;
    wake();
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, stop);
  let box: RunningBox;
  // A database restore (A2) closes the box and starts it again on the restored database, in
  // this process: no reboot, the same port.
  let restart = false;
  const requestRestart = () => {
    restart = true;
    wake();
  };
  try {
    box = await startBox(config, log, { requestRestart });
  } catch (err) {
    if (err instanceof StartError) {
      process.stderr.write(`studio-box: ${err.message}\n`);
      return err.exitCode;
    }
    // Text logs would only repeat the line below; a log collector gets the whole error.
    if (config.log.format === 'json') log.fatal({ err }, 'could not start');
    process.stderr.write(`studio-box: could not start: ${(err as Error).message}\n`);
    return 1;
  }
  let demo: DemoStart | null = null;
  if (flags.demo && !stopRequested) {
    const demoLog = log.child({ module: 'demo' });
    // With JSON logs stdout is for machines: what the demo says goes into the log.
    const { startDemo } = await import('./demo/demo-start.js');
    demo = await startDemo(box, demoLog, config.log.format === 'json' ? (l) => demoLog.info(l) : undefined);
    if (demo.code !== 0) {
      await box.close();
      return demo.code;
    }
  }
  // Under systemd (Type=notify): ready only now that the port answers, then watchdog pings.
  const notifier = systemdNotifier(process.env, log.child({ module: 'systemd' }));
  if (!stopRequested) {
    printBanner(box, config, log);
    notifier?.ready(`serving on port ${box.port}`);
  }
  // A restore closes the box and starts it again here; the watchdog pings go on meanwhile.
  for (;;) {
    if (!stopRequested && !restart) await new Promise<void>((resolve) => (wake = resolve));
    if (stopRequested || !restart) break;
    restart = false;
    log.warn('restarting the box on the restored database');
    // The same port, also when the config asked for any free one (0): the page comes back.
    const again: Config = { ...config, http: { ...config.http, port: box.port } };
    await box.close();
    try {
      box = await startBox(again, log, { requestRestart });
    } catch (err) {
      log.fatal({ err }, 'could not start again after the restore');
      process.stderr.write(`studio-box: could not start again after the restore: ${(err as Error).message}\n`);
      notifier?.close();
      return 1;
    }
    log.info({ url: box.url }, 'Studio Box is running again');
  }
  log.info({ signal: stopRequested }, 'stopping');
  notifier?.stopping();
  demo?.stop();
  await box.close();
  notifier?.close();
  return 0;
}

function printBanner(box: RunningBox, config: Config, log: Logger): void {
  const needsSetup = box.ctx.users.count() === 0;
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${box.port}/`);
  const onLan = lan.length > 0 && config.http.host === '0.0.0.0';
  // With JSON logs stdout is for machines: the banner becomes one log entry.
  if (config.log.format === 'json') {
    log.info({ url: box.url, lan: onLan ? lan : [], dataDir: config.dataDir, setupNeeded: needsSetup }, 'Studio Box is running');
    return;
  }
  const lines = [
    '',
    `  Studio Box ${VERSION} is running.`,
    `  Open ${box.url} in a browser${onLan ? ` (on the studio network: ${lan.join(', ')})` : ''}.`,
    needsSetup
      ? '  First run: the browser shows the setup wizard (studio, language, time zone, currency and the first admin account). There is no default password.'
      : '  Log in with your Studio Box account. Forgot the admin password? See docs/README.md.',
    ...(box.simulator ? ['  The modem is simulated: `studio-box sim ring +8613812345678` makes it ring, `studio-box sim sms --from N --text T` sends it an SMS.'] : []),
    `  Data: ${config.dataDir}   Stop: Ctrl-C`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        data: { type: 'string', short: 'd' },
        to: { type: 'string' },
        text: { type: 'string' },
        'no-smsc': { type: 'boolean' },
        state: { type: 'string' },
        limit: { type: 'string' },
        inbox: { type: 'boolean' },
        wait: { type: 'boolean' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        customer: { type: 'string' },
        order: { type: 'string' },
        'card-id': { type: 'string' },
        answer: { type: 'boolean' },
        'hang-up-after': { type: 'string' },
        'log-format': { type: 'string' },
        demo: { type: 'boolean' },
        yes: { type: 'boolean' },
      },
    });
  } catch (err) {
    process.stderr.write(`studio-box: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const name = positionals[0];
  if (values.help || !name) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`studio-box: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides.http = { port: /^\d+$/.test(values.port) ? Number(values.port) : values.port };
  if (values.data !== undefined) overrides.dataDir = values.data;
  if (values['log-format'] !== undefined) overrides.log = { format: values['log-format'] };
  const readConfig = () => loadConfig({ file: values.config ?? env.STUDIO_BOX_CONFIG, env, overrides });
  try {
    return await command(readConfig, positionals.slice(1), {
      to: values.to,
      text: values.text,
      noSmsc: values['no-smsc'],
      state: values.state,
      limit: values.limit,
      inbox: values.inbox,
      wait: values.wait,
      json: values.json,
      from: values.from,
      customer: values.customer,
      order: values.order,
      cardId: values['card-id'],
      answer: values.answer,
      hangUpAfter: values['hang-up-after'],
      demo: values.demo,
      yes: values.yes,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`studio-box: ${err.message}\n`);
      return 78; // EX_CONFIG: systemd shows it; a restart will not help until the config is fixed.
    }
    throw err;
  }
}

/** Runs the command line and exits with its status (the `studio-box` command: bin.cts). */
export function main(argv: string[]): void {
  runCli(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`studio-box: ${(err as Error)?.stack ?? err}\n`);
      process.exit(1);
    },
  );
}

// Run when executed directly (`node dist/.../cli.js`), not when imported by tests or bin.cjs.
if (process.argv[1] && import.meta.url === new URL(`file://${(await import('node:fs')).realpathSync(process.argv[1])}`).href) main(process.argv.slice(2));
