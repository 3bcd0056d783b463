// Turns the fields of one formatted caller-ID block into a CallerId. Field values that do not
// parse (a bad date, letters in NMBR) become null with a warning rather than an error: the
// other fields, especially the name, are still worth showing.
import { absenceLetter } from './absence-letter.js';
import { parseHourMinute, parseMonthDay } from './date-time.js';
import { isDialString } from './gsm-number.js';
import { blankCallerId, fail, succeed } from './result.js';
import type { CallerIdResult } from './types.js';
import type { VcidField } from './vcid-line.js';

export function buildVcidBlock(fields: readonly VcidField[]): CallerIdResult {
  const raw = fields.map((f) => f.line).join('\n');
  const get = (tag: VcidField['tag']) => fields.find((f) => f.tag === tag)?.value;
  const nmbr = get('NMBR');
  if (nmbr === undefined) {
    const seen = fields.map((f) => f.tag).join(', ') || 'nothing';
    return fail('incomplete', `caller-ID block has ${seen} but no NMBR line`, raw);
  }
  const record = blankCallerId('vcid', raw);

  const absence = absenceLetter(nmbr);
  const number = nmbr.replace(/[\s-]/g, '');
  if (absence) {
    record.absence = absence;
  } else if (number === '') {
    record.absence = 'unknown';
    record.warnings.push('NMBR is empty');
  } else if (!isDialString(number)) {
    record.absence = 'unknown';
    record.warnings.push(`NMBR "${nmbr}" is not a phone number`);
  } else {
    record.number = number;
  }

  const name = get('NAME');
  if (name !== undefined && name !== '') {
    const nameAbsence = absenceLetter(name);
    if (nameAbsence) record.nameAbsence = nameAbsence;
    else record.name = name;
  }

  const dateText = get('DATE');
  const timeText = get('TIME');
  if (dateText !== undefined || timeText !== undefined) {
    const date = dateText === undefined ? null : parseMonthDay(dateText);
    const time = timeText === undefined ? null : parseHourMinute(timeText);
    if (date && time) record.dateTime = { ...date, ...time };
    else record.warnings.push(`date-time not usable (DATE ${dateText ?? 'missing'}, TIME ${timeText ?? 'missing'})`);
  }

  for (const f of fields) if (f.tag === 'MESG') record.extras.push({ tag: 'MESG', value: f.value });
  return succeed(record);
}
