// The till's settings (M2, M3) on the settings page: the points rules in the order they apply
// (moved up and down, removed, added), what points are worth when they pay, and the top-up
// bonuses. Read with settings:view, saved with settings:edit; the box checks every field.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import type { PointsOp, PointsRule } from '../../../../firmware/src/till/points-rules';
import { POINTS_OPS } from '../../../../firmware/src/till/points-rules';
import type { TillSettings } from '../../../../firmware/src/till/till-settings';
import { t, tOr } from '../../i18n/catalog';
import { errorText, fieldErrors } from '../../i18n/server-messages';
import { formatMoney, moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';

const whole = (s: string): number | null => (/^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : null);

/** A rule in words: "1 point per ¥10.00 · bills · birthday month". */
function ruleText(r: PointsRule, currency: string): string {
  const what =
    r.op === 'per_amount' ? t('rules.perAmountText', { points: r.points ?? 0, amount: formatMoney(r.perMinor ?? 0, currency) })
    : r.op === 'add' ? t('rules.addText', { points: r.points ?? 0 })
    : r.op === 'multiply' ? t('rules.multiplyText', { pct: r.factorPct ?? 100 })
    : t('rules.capText', { max: r.max ?? 0 });
  const w = r.when;
  const when = [
    w.on ? tOr(`rules.on.${w.on}`, w.on) : '',
    w.birthday ? tOr(`rules.birthday.${w.birthday}`, w.birthday) : '',
    w.weekdays?.length ? t('rules.weekdaysText', { days: w.weekdays.join(',') }) : '',
    w.hours ? t('rules.hoursText', { from: w.hours.from, to: w.hours.to }) : '',
    w.from || w.to ? `${w.from ?? '…'} – ${w.to ?? '…'}` : '',
  ].filter(Boolean);
  return [what, ...when].join(' · ');
}

function AddRule(p: { currency: string; onAdd(r: PointsRule): void }) {
  const name = useValue('');
  const op = useValue<PointsOp>('per_amount');
  const amount = useValue('');
  const value = useValue('');
  const on = useValue('');
  const birthday = useValue('');
  const weekdays = useValue('');
  const hours = useValue('');
  const error = useValue<string | null>(null);
  const add = () => {
    const n = whole(value.value);
    const per = op.value === 'per_amount' ? parseMoney(amount.value, p.currency) : null;
    const days = weekdays.value.trim() ? weekdays.value.split(/[\s,]+/).map(Number) : undefined;
    const hm = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(hours.value.trim());
    if (!name.value.trim() || n === null || (op.value === 'per_amount' && !per) || (days && days.some((d) => !(d >= 0 && d <= 6))) || (hours.value.trim() && !hm)) {
      error.set(t('rules.invalid'));
      return;
    }
    const r: PointsRule = {
      name: name.value.trim(),
      op: op.value,
      when: {
        ...(on.value ? { on: on.value as 'bill' | 'topup' } : {}),
        ...(birthday.value ? { birthday: birthday.value as 'day' | 'month' } : {}),
        ...(days ? { weekdays: days } : {}),
        ...(hm ? { hours: { from: Number(hm[1]), to: Number(hm[2]) } } : {}),
      },
      ...(op.value === 'per_amount' ? { perMinor: per!, points: n } : op.value === 'add' ? { points: n } : op.value === 'multiply' ? { factorPct: n } : { max: n }),
    };
    error.set(null);
    name.set('');
    value.set('');
    p.onAdd(r);
  };
  return html`<div class="narrow-form add-rule">
    <${TextField} label=${t('rules.name')} value=${name.value} onValue=${name.set} />
    <${SelectField} label=${t('rules.op')} value=${op.value} options=${POINTS_OPS.map((o) => ({ value: o, label: tOr(`rules.op.${o}`, o) }))} onValue=${(v: string) => op.set(v as PointsOp)} />
    ${op.value === 'per_amount' ? html`<${TextField} label=${t('rules.perAmount', { currency: p.currency })} value=${amount.value} onValue=${amount.set} inputMode="decimal" />` : null}
    <${TextField} label=${tOr(`rules.value.${op.value}`, op.value)} value=${value.value} onValue=${value.set} inputMode="numeric" />
    <${SelectField} label=${t('rules.onLabel')} value=${on.value} options=${[{ value: '', label: t('rules.always') }, { value: 'bill', label: t('rules.on.bill') }, { value: 'topup', label: t('rules.on.topup') }]} onValue=${on.set} />
    <${SelectField} label=${t('rules.birthdayLabel')} value=${birthday.value} options=${[{ value: '', label: t('rules.always') }, { value: 'day', label: t('rules.birthday.day') }, { value: 'month', label: t('rules.birthday.month') }]} onValue=${birthday.set} />
    <${TextField} label=${t('rules.weekdays')} hint=${t('rules.weekdaysHint')} value=${weekdays.value} onValue=${weekdays.set} />
    <${TextField} label=${t('rules.hours')} hint=${t('rules.hoursHint')} value=${hours.value} onValue=${hours.set} />
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    <div class="actions"><button type="button" onClick=${add}>${t('rules.add')}</button></div>
  </div>`;
}

type Bonus = TillSettings['topUpBonuses'][number];

/** The top-up bonuses ("pay 1,000 get 100"): listed by amount, removed, added; saved with the card's Save. */
function TopUpBonuses(p: { bonuses: Bonus[]; currency: string; editable: boolean; onChange(next: Bonus[]): void }) {
  const pay = useValue('');
  const bonus = useValue('');
  const error = useValue<string | null>(null);
  const money = (minor: number) => formatMoney(minor, p.currency);
  const sorted = [...p.bonuses].sort((a, b) => a.payMinor - b.payMinor);
  const add = () => {
    const payMinor = parseMoney(pay.value, p.currency);
    const bonusMinor = parseMoney(bonus.value, p.currency);
    if (!payMinor || !bonusMinor) return error.set(t('rules.invalid'));
    error.set(null);
    pay.set('');
    bonus.set('');
    p.onChange([...p.bonuses.filter((b) => b.payMinor !== payMinor), { payMinor, bonusMinor }]);
  };
  return html`<div class="top-up-bonuses">
    <h3>${t('rules.bonuses')}</h3>
    <p class="hint">${t('rules.bonusHint')}</p>
    ${sorted.length
      ? html`<ul class="plain">
          ${sorted.map(
            (b) => html`<li key=${b.payMinor} data-bonus=${b.payMinor}>
              ${t('rules.bonusText', { pay: money(b.payMinor), bonus: money(b.bonusMinor) })}
              ${p.editable ? html` <button type="button" class="link-button" onClick=${() => p.onChange(p.bonuses.filter((x) => x !== b))}>${t('bill.removeLine')}</button>` : null}
            </li>`,
          )}
        </ul>`
      : html`<p class="empty">${t('rules.noBonuses')}</p>`}
    ${p.editable
      ? html`<div class="narrow-form add-bonus">
          <${TextField} label=${t('rules.bonusPay', { currency: p.currency })} value=${pay.value} onValue=${pay.set} inputMode="decimal" />
          <${TextField} label=${t('rules.bonusGet', { currency: p.currency })} value=${bonus.value} onValue=${bonus.set} inputMode="decimal" />
          ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
          <div class="actions"><button type="button" onClick=${add}>${t('rules.addBonus')}</button></div>
        </div>`
      : null}
  </div>`;
}

export function TillSettingsCard() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const currency = me.settings.currency;
  const s = useValue<TillSettings | null>(null);
  const redeemPoints = useValue('');
  const redeemAmount = useValue('');
  const referral = useValue('');
  const message = useValue<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    api<TillSettings>('GET', '/api/till-settings').then(
      (x) => (s.set(x), redeemPoints.set(String(x.redeem.points)), redeemAmount.set(moneyInput(x.redeem.minor, currency)), referral.set(String(x.referralPoints))),
      (err) => message.set({ kind: 'error', text: errorText(err) }),
    );
  }, []);
  const v = s.value;
  if (!v) return message.value ? html`<${Banner} kind="error">${message.value.text}<//>` : null;
  const rules = v.pointsRules;
  const setRules = (next: PointsRule[]) => (s.set({ ...v, pointsRules: next as TillSettings['pointsRules'] }), message.set(null));
  const move = (i: number, by: number) => {
    const next = [...rules];
    const x = next.splice(i, 1)[0]!;
    next.splice(i + by, 0, x);
    setRules(next);
  };
  const save = async () => {
    const points = whole(redeemPoints.value);
    const minor = parseMoney(redeemAmount.value, currency);
    const referralPoints = whole(referral.value);
    if (!points || !minor || referralPoints === null) return message.set({ kind: 'error', text: t('rules.invalid') });
    try {
      s.set(await api<TillSettings>('PUT', '/api/till-settings', { ...v, redeem: { points, minor }, referralPoints }));
      message.set({ kind: 'ok', text: t('settings.saved') });
    } catch (err) {
      const f = fieldErrors(err);
      message.set({ kind: 'error', text: [errorText(err), ...Object.entries(f).map((e) => `${e[0]}: ${e[1]}`)].join(' ') });
    }
  };
  return html`<section class="card till-settings">
    <h2>${t('rules.heading')}</h2>
    <p class="hint">${t('rules.orderHint')}</p>
    ${rules.length
      ? html`<ol class="points-rules">
          ${rules.map(
            (r, i) => html`<li key=${`${i}-${r.name}`}>
              <strong>${r.name}</strong> <small>${ruleText(r as PointsRule, currency)}</small>
              ${editable
                ? html` <button type="button" class="link-button" disabled=${i === 0} onClick=${() => move(i, -1)}>${t('rules.up')}</button>
                    <button type="button" class="link-button" disabled=${i === rules.length - 1} onClick=${() => move(i, 1)}>${t('rules.down')}</button>
                    <button type="button" class="link-button" onClick=${() => setRules(rules.filter((_, j) => j !== i) as PointsRule[])}>${t('bill.removeLine')}</button>`
                : null}
            </li>`,
          )}
        </ol>`
      : html`<p class="empty">${t('rules.none')}</p>`}
    ${editable ? html`<${AddRule} currency=${currency} onAdd=${(r: PointsRule) => setRules([...(rules as PointsRule[]), r])} />` : null}
    <div class="narrow-form">
      <${TextField} label=${t('rules.redeemPoints')} value=${redeemPoints.value} onValue=${redeemPoints.set} inputMode="numeric" disabled=${!editable} />
      <${TextField} label=${t('rules.redeemAmount', { currency })} value=${redeemAmount.value} onValue=${redeemAmount.set} inputMode="decimal" disabled=${!editable} />
      <${TextField} label=${t('rules.referralPoints')} hint=${t('rules.referralHint')} value=${referral.value} onValue=${referral.set} inputMode="numeric" disabled=${!editable} />
    </div>
    <${TopUpBonuses} bonuses=${v.topUpBonuses} currency=${currency} editable=${editable} onChange=${(next: Bonus[]) => (s.set({ ...v, topUpBonuses: next }), message.set(null))} />
    ${message.value ? html`<${Banner} kind=${message.value.kind}>${message.value.text}<//>` : null}
    ${editable ? html`<div class="actions"><button type="button" class="primary" onClick=${save}>${t('common.save')}</button></div>` : null}
  </section>`;
}
