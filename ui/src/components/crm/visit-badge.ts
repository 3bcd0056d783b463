// The top bar's visit-plans sign: how many of the signed-in staff member's own plans are due today
// or earlier (C3's due reminder). Read once, re-read when any plan changes or the stream comes
// back ('hello'); at the studio's midnight the box says what fell due (`visit_plan.due`, counts
// per staff member), and the sign takes its own count from that. A click opens the due list.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { VisitPlanCount } from '../../contract';
import { t } from '../../i18n/catalog';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

type Due = { staff: { staffId: number; due: number; overdue: number }[] };

export function VisitBadge() {
  const me = useApp().me.user.id;
  const count = useValue<Omit<VisitPlanCount, 'today'>>({ due: 0, overdue: 0 });
  const latest = useLatestOnly();
  // The sign is extra: a failed look leaves it as it was.
  const load = () => void latest(api<VisitPlanCount>('GET', '/api/visit-plans/mine'), count.set);
  useEffect(load, []);
  useServerEvents(['hello', 'visit_plan.changed'], load);
  useServerEvents(['visit_plan.due'], (e) => void latest(Promise.resolve((e.data as Due).staff.find((s) => s.staffId === me) ?? { due: 0, overdue: 0 }), count.set));
  const { due, overdue } = count.value;
  const label = t('visits.badge', { count: due, overdue });
  return html`<a href="#/visits" class=${overdue ? 'reminder-badge visit-badge has-overdue' : 'reminder-badge visit-badge'} data-testid="visit-badge" title=${label} aria-label=${label}>
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M7 3h10v18H7zM10 7h4M10 11h4M10 15h2" fill="none" stroke="currentColor" stroke-width="1.8" /></svg>
    ${due ? html`<span class="count" data-testid="visit-count">${due}</span>` : null}
  </a>`;
}
