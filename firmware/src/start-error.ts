/**
 * The box cannot start for a reason a person fixes by changing how it is started (the port is
 * taken, the port needs privileges): the CLI prints the message as one line, without a stack,
 * and exits 78 (EX_CONFIG) so systemd does not restart it in a loop.
 */
export class StartError extends Error {
  readonly exitCode = 78;
}
