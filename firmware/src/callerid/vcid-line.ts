// One line of an analog voice modem's formatted caller ID (after AT+VCID=1 or AT#CID=1):
// "DATE = 0321", "TIME=1405", "NMBR = 5551234", "NAME = JOHN DOE", "MESG = 030132".
// Spaces around '=' vary between chipsets. Some Rockwell-derived modems say DDN_NMBR.

export type VcidTag = 'DATE' | 'TIME' | 'NMBR' | 'NAME' | 'MESG';

export interface VcidField {
  tag: VcidTag;
  value: string;
  line: string;
}

const FIELD = /^\s*(DATE|TIME|NMBR|DDN_NMBR|NAME|MESG)\s*=\s*(.*?)\s*$/;

/** The field on this line, or null when the line is not a formatted caller-ID field. */
export function parseVcidLine(line: string): VcidField | null {
  const m = FIELD.exec(line);
  if (!m) return null;
  const tag = m[1] === 'DDN_NMBR' ? 'NMBR' : (m[1] as VcidTag);
  return { tag, value: (m[2] ?? '').trim(), line: line.trim() };
}
