// Which of the customer's member cards pays (stored value or points, M2/M3): their active
// cards with what each holds in points. Read with membership:view (the box says so otherwise).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import type { MemberCard } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { SelectField } from '../fields';

export function CardPick(p: { customerId: number; value: string; onValue(v: string): void; error?: string | undefined }) {
  const cards = useValue<MemberCard[] | null>(null);
  const failure = useValue<string | null>(null);
  useEffect(() => {
    api<MemberCard[]>('GET', `/api/customers/${p.customerId}/member-cards`).then(
      (list) => {
        const active = list.filter((c) => c.state === 'active');
        cards.set(active);
        // One card: it is the one.
        if (!p.value && active.length === 1) p.onValue(String(active[0]!.id));
      },
      (err) => failure.set(errorText(err)),
    );
  }, [p.customerId]);
  const list = cards.value ?? [];
  return html`<${SelectField} label=${t('till.card')} value=${p.value} error=${p.error ?? failure.value ?? (cards.value && !list.length ? t('till.noCard') : undefined)}
    options=${[{ value: '', label: '—' }, ...list.map((c) => ({ value: String(c.id), label: `${c.cardNo} · ${c.type.name} · ${t('member.points', { points: c.points })}`, raw: true }))]}
    onValue=${p.onValue} />`;
}
