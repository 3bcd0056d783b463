// The board's words, fetched with the board (each language a chunk of its own) rather than
// with the app's catalog, which is part of the first load. tw() reads the language in use,
// falling back to English while another language is on its way.
import type { Language } from '../../contract';
import { getLanguage, type Params } from '../catalog';
import type { WorkflowKey } from './en';

export type { WorkflowKey };

const LOADERS: Record<Language, () => Promise<Record<WorkflowKey, string>>> = {
  en: () => import('./en').then((m) => m.workflowEn),
  'zh-CN': () => import('./zh-CN').then((m) => m.workflowZh),
  vi: () => import('./vi').then((m) => m.workflowVi),
};

const loaded: Partial<Record<Language, Record<WorkflowKey, string>>> = {};

export function workflowWordsLoaded(lang: Language = getLanguage()): boolean {
  return loaded[lang] !== undefined;
}

export async function loadWorkflowWords(lang: Language = getLanguage()): Promise<void> {
  loaded[lang] ??= await LOADERS[lang]();
}

export function tw(key: WorkflowKey, params?: Params): string {
  const text = loaded[getLanguage()]?.[key] ?? loaded.en?.[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

/** For keys built from values ("workflow.post." + post); an unknown value shows as itself. */
export function twOr(key: string, fallback: string): string {
  const text = loaded[getLanguage()]?.[key as WorkflowKey];
  return text ?? fallback;
}
