// Names for the contract's enum values (stages, genders, features…) in the chosen language.
// Values the UI does not know yet (a newer daemon) show as they are rather than break.
import type { Action, BusinessType, ComponentState, Feature, Gender, Stage } from '../contract';
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
