// A language's every string, as a test reads them: its core catalog (ui/src/i18n/lang/) and the
// strings of every registered domain (ui/src/i18n/domains.ts), which the UI fetches with their
// pages. For tests that look for any string of a language on screen, or name a domain's text.
import type { Language } from '../../firmware/src/api-types';
import { DOMAINS, domainStrings, type Domain } from '../src/i18n/domains';
import type { Messages } from '../src/i18n/catalog';
import en from '../src/i18n/lang/en';
import vi from '../src/i18n/lang/vi';
import zhCN from '../src/i18n/lang/zh-CN';

export const CORE: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN, vi };

/** One domain's strings in one language, as its file has them. */
export async function domainCatalog(domain: Domain, lang: Language): Promise<Record<string, string>> {
  return domainStrings(await DOMAINS[domain][lang](), `${domain}/${lang}`);
}

/** Core and every domain, merged (keys do not repeat across files: ui/test/catalog.test.ts checks it). */
export async function fullCatalog(lang: Language): Promise<Messages> {
  const parts = await Promise.all((Object.keys(DOMAINS) as Domain[]).map((d) => domainCatalog(d, lang)));
  return Object.assign({}, CORE[lang], ...parts) as Messages;
}
