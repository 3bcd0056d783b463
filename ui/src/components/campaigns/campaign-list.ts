// The list of sends on the Group SMS and Group e-mail pages: loaded once, reloaded when the
// box says a send changed (or the stream reconnects), one open for its records, and the
// steering buttons' POSTs with their failure shown on the page.
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useServerEvents } from '../../app-context';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

export function useCampaignList<T extends { id: number }>(listPath: string, changedEvent: string, openId: number | null = null) {
  const list = useValue<T[] | null>(null);
  const open = useValue<number | null>(openId);
  // A link to one send (#/campaigns/<id>, the strip on every page) opens its records.
  useEffect(() => void (openId !== null && open.set(openId)), [openId]);
  const failure = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = () => void latest(api<T[]>('GET', listPath), list.set, (err) => failure.set(errorText(err)));
  useEffect(load, []);
  useServerEvents([changedEvent, 'hello'], load);
  /** POSTs a steering action (pause, resume, cancel) and reloads the list either way. */
  const steer = async (path: string) => {
    try {
      await api('POST', path);
      failure.set(null);
    } catch (err) {
      failure.set(errorText(err));
    }
    load();
  };
  const shown = list.value?.find((c) => c.id === open.value) ?? null;
  return { list, open, failure, shown, load, steer };
}
