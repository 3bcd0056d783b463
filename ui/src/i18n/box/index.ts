// The System page's catalog: all three languages ride in the page's own chunk (about 2 KB
// each, gzipped less), so the first load does not carry them. b() reads the language in use.
import type { Language } from '../../contract';
import { getLanguage, type Params } from '../catalog';
import { boxEn, type BoxMessages } from './en';
import { boxVi } from './vi';
import { boxZhCN } from './zh-CN';

export type BoxKey = keyof BoxMessages;

export const BOX_CATALOGS: Record<Language, BoxMessages> = { en: boxEn, 'zh-CN': boxZhCN, vi: boxVi };

export function b(key: BoxKey, params?: Params): string {
  const text = (BOX_CATALOGS[getLanguage()] ?? boxEn)[key] ?? boxEn[key];
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}
