// Phone numbers shown one way everywhere (C1, issue 10): the studio's own country's numbers in
// national form ("138 1234 5678"), others in international form ("+84 91 234 56 78") — the
// same rule as the box's `display` (firmware/src/crm/phone.ts displayPhone), for the numbers the
// box sends as E.164 only (an SMS's sender or recipient). libphonenumber-js with its smallest
// metadata is a chunk of its own, fetched after the first screen: until it has arrived a
// number shows as the box stored it.
import { useEffect } from 'preact/hooks';
import { useApp } from './app-context';
import { useValue } from './use-value';

type Lib = typeof import('./phone-lib');

let lib: Lib | null = null;
let loading: Promise<Lib> | null = null;

function load(): Promise<Lib> {
  return (loading ??= import('./phone-lib').then(
    (m) => (lib = m),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  ));
}

/** `raw` formatted for a studio in `country`; anything that is not an international number (a sender name, a short code) as it is. */
export function phoneText(raw: string, country: string, l: Lib | null = lib): string {
  if (!l || !/^\+\d{6,15}$/.test(raw)) return raw;
  const p = l.parsePhone(raw);
  if (!p || !p.isPossible()) return raw;
  return p.country === country ? p.formatNational() : p.formatInternational();
}

/** phoneText for this studio's country; the component re-renders once the formatter has arrived. */
export function usePhoneText(): (raw: string) => string {
  const country = useApp().me.settings.country;
  const ready = useValue(lib !== null);
  useEffect(() => {
    if (!ready.value)
      load().then(
        () => ready.set(true),
        () => undefined,
      );
  }, []);
  return (raw) => phoneText(raw, country);
}
