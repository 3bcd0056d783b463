// Splits the parameter list of an AT response line ("+CLIP: <here>") into fields. Quoted
// strings may hold commas (a phonebook alpha "Doe, John"), so a plain split(',') is wrong.

export interface AtParam {
  text: string;
  quoted: boolean;
}

export type AtParamsResult = { ok: true; params: AtParam[] } | { ok: false; message: string };

export function splitAtParams(text: string): AtParamsResult {
  const params: AtParam[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return { ok: false, message: `unterminated quoted string at column ${i + 1}` };
      params.push({ text: text.slice(i + 1, close), quoted: true });
      i = close + 1;
      while (text[i] === ' ') i++;
      if (i < text.length && text[i] !== ',') {
        return { ok: false, message: `expected ',' after quoted string at column ${i + 1}` };
      }
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      const field = text.slice(i, end).trim();
      // A quote in the middle of an unquoted field means the framing is off, not a name.
      if (field.includes('"')) return { ok: false, message: `stray '"' in unquoted field at column ${i + 1}` };
      params.push({ text: field, quoted: false });
      i = end;
    }
    if (i >= text.length) return { ok: true, params };
    i++; // past the comma
  }
}

/** An optional integer field: '' is absent (null), anything but digits is an error (undefined). */
export function readInt(param: AtParam | undefined, max: number): number | null | undefined {
  if (!param || param.text === '') return null;
  if (param.quoted || !/^\d{1,5}$/.test(param.text)) return undefined;
  const n = Number(param.text);
  return n <= max ? n : undefined;
}
