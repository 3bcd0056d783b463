// The SMS text rules, taken from the daemon's own PDU code (pure, no I/O; esbuild bundles it),
// so the preview under the message box and the parts the modem sends can never disagree.
import { gsm7Width } from '../../firmware/src/modem/pdu/gsm7-alphabet';
import { smsParts, type SmsPartsInfo } from '../../firmware/src/modem/pdu/split-text';

export { smsParts, type SmsPartsInfo };

/** The characters (each once, in order of appearance) that keep a text out of GSM-7. */
export function nonGsmCharacters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    let fits = true;
    for (let i = 0; i < ch.length; i++) if (gsm7Width(ch.charCodeAt(i)) === 0) fits = false;
    if (!fits && !out.includes(ch)) out.push(ch);
  }
  return out;
}

/** Characters as a person counts them (an emoji is one, though it takes two UCS-2 units). */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
