// Names for the contract's enum values (stages, genders, features…) in the chosen language.
// Values the UI does not know yet (a newer daemon) show as they are rather than break.
import type { Action, BusinessType, ComponentState, Feature, Gender, ModemLinkInfo, OutboxState, Registration, SimStatus, Stage } from '../contract';
import { tOr } from './catalog';

export const PHONE_TYPES = ['mobile', 'home', 'work', 'other'] as const;

export const stageLabel = (s: Stage) => tOr(`stage.${s}`, s);
export const genderLabel = (g: Gender) => tOr(`gender.${g}`, g);
export const businessLabel = (b: BusinessType) => tOr(`business.${b}`, b);
export const featureLabel = (f: Feature) => tOr(`feature.${f}`, f);
export const actionLabel = (a: Action) => tOr(`action.${a}`, a);
export const stateLabel = (s: ComponentState) => tOr(`state.${s}`, s);
export const auditActionLabel = (a: string) => tOr(`auditAction.${a}`, a);
export const entityLabel = (e: string) => tOr(`entity.${e}`, e);
/** A phone's label is free text on the box; the UI offers (and translates) these four. */
export const phoneTypeLabel = (l: string) => (l ? tOr(`phoneType.${l}`, l) : '');
export const outboxStateLabel = (s: OutboxState) => tOr(`smsState.${s}`, s);
export const simLabel = (s: SimStatus) => tOr(`sim.${s}`, s);
export const registrationLabel = (r: Registration) => tOr(`registration.${r}`, r);
export const linkStateLabel = (s: ModemLinkInfo['state']) => tOr(`modemLink.${s}`, s);
/** A call's line; its outcome, or its state while it is not over. */
export const callLineLabel = (l: string) => tOr(`callLine.${l}`, l);
export const callOutcomeLabel = (o: string) => tOr(`callOutcome.${o}`, o);
export const contactChannelLabel = (c: string) => tOr(`contactChannel.${c}`, c);
export const orderStateLabel = (s: string) => tOr(`orderState.${s}`, s);
export const paymentMethodLabel = (m: string) => tOr(`paymentMethod.${m}`, m);

/** What a message template or automatic message is for (care: 'birthday', 'order_placed'…). */
export const purposeLabel = (p: string) => tOr(`purpose.${p}`, p);
