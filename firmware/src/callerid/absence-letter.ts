// The one-letter reasons shared by SDMF, MDMF 0x04/0x08 and VCID "NMBR = O".
import type { Absence } from './types.js';

/** 'O' out of area (→ unavailable) and 'P' private; anything else is not a reason letter. */
export function absenceLetter(value: string): Absence | null {
  if (value === 'O') return 'unavailable';
  if (value === 'P') return 'private';
  return null;
}
