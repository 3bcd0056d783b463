import { decodeCallerIdLine } from '../callerid/index.js';

/** `studio-box callerid decode 'LINE or HEX'`: prints the decoded caller ID as JSON, for support work. */
export function callerIdCommand(args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'decode' || rest.length === 0) {
    process.stderr.write(`usage: studio-box callerid decode '+CLIP: "13812345678",129' | 'NMBR = 5551234' | '80 20 01 08 …'\n`);
    return 2;
  }
  const result = decodeCallerIdLine(rest.join('\n'));
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return result.ok ? 0 : 1;
}
