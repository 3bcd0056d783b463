// The domains whose strings load with the pages that show them, not up front: each
// ui/src/i18n/<domain>/{en,zh-CN,vi}.ts is a chunk of its own in the build, fetched in the
// language on screen together with a page that names the domain (lazy() in ui/src/shell.ts), and
// again in the new language before a language switch re-renders. The core catalog (./lang/)
// holds what app.js shows before any such page.
//
// Registering a domain is one line here (alphabetical, to keep merges easy), then its name in
// the lazy() of each page that shows its strings. Its keys join MessageKey through these lines
// (a type-only use of the modules: nothing of them is in app.js).
import type { Language } from '../contract';

type Loader = () => Promise<object>;
const files = <T extends Record<Language, Loader>>(loaders: T) => loaders;

export const DOMAINS = {
  appointments: files({ en: () => import('./appointments/en'), 'zh-CN': () => import('./appointments/zh-CN'), vi: () => import('./appointments/vi') }),
  books: files({ en: () => import('./books/en'), 'zh-CN': () => import('./books/zh-CN'), vi: () => import('./books/vi') }),
  box: files({ en: () => import('./box/en'), 'zh-CN': () => import('./box/zh-CN'), vi: () => import('./box/vi') }),
  campaigns: files({ en: () => import('./campaigns/en'), 'zh-CN': () => import('./campaigns/zh-CN'), vi: () => import('./campaigns/vi') }),
  care: files({ en: () => import('./care/en'), 'zh-CN': () => import('./care/zh-CN'), vi: () => import('./care/vi') }),
  commerce: files({ en: () => import('./commerce/en'), 'zh-CN': () => import('./commerce/zh-CN'), vi: () => import('./commerce/vi') }),
  crm: files({ en: () => import('./crm/en'), 'zh-CN': () => import('./crm/zh-CN'), vi: () => import('./crm/vi') }),
  imports: files({ en: () => import('./imports/en'), 'zh-CN': () => import('./imports/zh-CN'), vi: () => import('./imports/vi') }),
  mirror: files({ en: () => import('./mirror/en'), 'zh-CN': () => import('./mirror/zh-CN'), vi: () => import('./mirror/vi') }),
  network: files({ en: () => import('./network/en'), 'zh-CN': () => import('./network/zh-CN'), vi: () => import('./network/vi') }),
  reminders: files({ en: () => import('./reminders/en'), 'zh-CN': () => import('./reminders/zh-CN'), vi: () => import('./reminders/vi') }),
  reports: files({ en: () => import('./reports/en'), 'zh-CN': () => import('./reports/zh-CN'), vi: () => import('./reports/vi') }),
  scrub: files({ en: () => import('./scrub/en'), 'zh-CN': () => import('./scrub/zh-CN'), vi: () => import('./scrub/vi') }),
  simulator: files({ en: () => import('./simulator/en'), 'zh-CN': () => import('./simulator/zh-CN'), vi: () => import('./simulator/vi') }),
  stages: files({ en: () => import('./stages/en'), 'zh-CN': () => import('./stages/zh-CN'), vi: () => import('./stages/vi') }),
  system: files({ en: () => import('./system/en'), 'zh-CN': () => import('./system/zh-CN'), vi: () => import('./system/vi') }),
  till: files({ en: () => import('./till/en'), 'zh-CN': () => import('./till/zh-CN'), vi: () => import('./till/vi') }),
  workflow: files({ en: () => import('./workflow/en'), 'zh-CN': () => import('./workflow/zh-CN'), vi: () => import('./workflow/vi') }),
};

export type Domain = keyof typeof DOMAINS;

/** A domain file's one exported object (its name varies: tillEn, stagesZhCN…). */
type Strings<M> = M[keyof M];
/** Every key of every registered domain (from its English file). */
export type DomainKey = { [D in Domain]: keyof Strings<Awaited<ReturnType<(typeof DOMAINS)[D]['en']>>> }[Domain];

export const DOMAIN_NAMES = Object.keys(DOMAINS) as Domain[];

/** The strings of a domain file: its one exported object (a file exporting more is a mistake). */
export function domainStrings(module: object, where: string): Record<string, string> {
  const values = Object.values(module) as unknown[];
  if (values.length !== 1 || typeof values[0] !== 'object' || values[0] === null) throw new Error(`${where}: a domain file exports exactly one object of strings`);
  return values[0] as Record<string, string>;
}
