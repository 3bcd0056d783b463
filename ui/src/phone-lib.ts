// The part of libphonenumber-js the UI needs (parsing and formatting, min metadata), kept to a
// chunk of its own that phone-text.ts fetches after the first screen.
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

export function parsePhone(raw: string) {
  return parsePhoneNumberFromString(raw, metadata);
}
