// The status page's sentences from the API's machine codes (a disk's reason, the modem's kind
// and state), not from the daemon's English `error`/`detail` lines, which stay available as
// technical details. Pure: tested in ui/test/health-text.test.ts.
import type { DiskHealth, ModemStatus } from '../contract';
import { t, tOr, type MessageKey } from './catalog';
import { linkStateLabel } from './enum-labels';

/** Why a disk cannot be used, as a catalog key (its {path} is the disk's path); null when it can. */
export function diskProblemKey(disk: Pick<DiskHealth, 'state' | 'reason' | 'error'>): MessageKey | null {
  if (disk.state !== 'down' && !disk.error) return null;
  switch (disk.reason) {
    case 'not-connected':
      return 'disk.notConnected';
    case 'not-mounted':
      return 'disk.notMounted';
    case 'read-only':
      return 'disk.readOnly';
    case 'ambiguous':
      return 'disk.ambiguous';
    default:
      return 'disk.error';
  }
}

export const modemKindLabel = (kind: string) => tOr(`modemKind.${kind}`, kind);
export const cardKindLabel = (kind: string) => tOr(`cardKind.${kind}`, kind);

type ModemView = Pick<ModemStatus, 'kind' | 'state' | 'detail'> & { link?: ModemStatus['link'] };

/** One sentence for the modem's detail line, from its kind and state; the raw detail is technical. */
export function modemSentence(m: ModemView): string | null {
  if (m.kind === 'none') return t('modem.noneDetail');
  if (!m.detail) return null;
  if (m.state === 'simulated') return t('modem.simulatedDetail');
  if (m.detail === 'not started') return t('modem.notStarted');
  if (m.state === 'ok' && m.detail.startsWith('port found automatically')) return t('modem.autoFound');
  if (m.link && m.link.state !== 'ready') return t('modem.linkTrouble', { state: linkStateLabel(m.link.state) });
  return t('modem.problem');
}

/** Whether the modem's raw detail adds anything for a technician beyond the sentence. */
export function modemTechnical(m: ModemView): string | null {
  if (m.kind === 'none' || m.state === 'simulated' || m.detail === 'not started') return null;
  return m.detail;
}

/** The card slot's detail line as a sentence: ejected (safe to remove), still being written, not started, or a problem. */
export function cardSlotSentence(detail: string): string {
  if (detail === 'not started') return t('card.notStarted');
  if (detail.startsWith('ejected')) return t('cards.ejected');
  if (detail.startsWith('still changing')) return t('ingest.reading');
  return t('card.problem');
}
