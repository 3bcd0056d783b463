// The daemon writes its messages in English (see the report: the contract has no message
// codes yet). The few a person meets often are recognised here and shown in their language;
// anything else is shown as the box wrote it.
import { ApiFailure } from '../api';
import { t, tOr, type MessageKey } from './catalog';

const EXACT: Record<string, MessageKey> = {
  required: 'field.required',
  'at least 8 characters': 'field.min8',
  'at least 2 characters': 'field.min2',
  'must be YYYY-MM-DD': 'field.dateFormat',
  'not a real date': 'field.realDate',
  'letters, digits, dot, dash and underscore only': 'field.usernameChars',
  'must not start or end with a space': 'field.spaceEnds',
  'only digits, spaces, +, -, ( ) allowed': 'field.phoneChars',
  'too short': 'field.phoneTooShort',
  'too long': 'field.phoneTooLong',
  'wrong number of digits': 'field.phoneLength',
  'not a phone number': 'field.phoneInvalid',
  empty: 'field.required',
  'the customer has no phone number': 'field.customerNoPhone',
};

export function fieldMessage(message: string): string {
  const key = EXACT[message];
  if (key) return t(key);
  const lengthFor = /^(too short|too long|wrong number of digits) for ([A-Z]{2})$/.exec(message);
  if (lengthFor) return `${t(EXACT[lengthFor[1]!]!)} (${lengthFor[2]})`;
  const invalidFor = /^not a valid number for ([A-Z]{2})$/.exec(message);
  if (invalidFor) return t('field.phoneNotValidFor', { country: invalidFor[1]! });
  if (message === 'shows no visible characters') return t('field.invisible');
  const control = /^contains a control character \((U\+[0-9A-F]{4,6})\); type it again without it$/.exec(message);
  if (control) return t('field.controlChar', { code: control[1]! });
  const longer = /^longer than (\d+) characters$/.exec(message);
  if (longer) return t('field.longerThan', { max: longer[1]! });
  return message;
}

/** One sentence for a failed request, for a banner above the form. */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiFailure)) return t('error.server', { message: err instanceof Error ? err.message : String(err) });
  switch (err.code) {
    case 'network':
      return t('error.network');
    case 'forbidden':
      return t('error.forbidden');
    case 'not_found':
      return t('error.notFound');
    case 'setup_needed':
      return t('error.setupNeeded');
    case 'bad_origin':
      return t('error.badOrigin');
    case 'validation':
      return t('common.fixFields');
    default:
      // A refusal the UI knows by its code (overpayment, insufficient_points…) in the user's language.
      return tOr(`serverError.${err.code}`, t('error.server', { message: err.message }));
  }
}

/** Field errors by path ("phones.0.number"), translated where known. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiFailure) for (const f of err.fields) out[f.path] = fieldMessage(f.message);
  return out;
}
