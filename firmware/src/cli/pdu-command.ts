import { decodePdu, encodeSubmit, PduEncodeError, smsParts } from '../modem/pdu/index.js';

const USAGE = `usage: studio-box pdu decode HEX [--no-smsc]
       studio-box pdu encode --to NUMBER --text TEXT
`;

/** `studio-box pdu decode|encode`: the PDU codec from a shell, for support work. */
export function pduCommand(args: string[], opts: { to?: string | undefined; text?: string | undefined; noSmsc?: boolean | undefined }): number {
  const [sub, hex] = args;
  if (sub === 'decode' && hex) {
    const result = decodePdu(hex, { hasSmsc: !opts.noSmsc });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return result.ok ? 0 : 1;
  }
  if (sub === 'encode' && opts.to && opts.text !== undefined) {
    try {
      const encoded = encodeSubmit({ to: opts.to, text: opts.text });
      process.stdout.write(JSON.stringify({ ...encoded, preview: smsParts(opts.text) }, null, 2) + '\n');
      return 0;
    } catch (err) {
      if (!(err instanceof PduEncodeError)) throw err;
      process.stderr.write(`studio-box: cannot encode: ${err.message}\n`);
      return 1;
    }
  }
  process.stderr.write(USAGE);
  return 2;
}
