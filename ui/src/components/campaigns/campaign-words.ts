// The Campaigns page's words (the `campaigns` i18n domain, ../i18n/campaigns/), by their short
// name: tc('title') is t('campaigns.title').
import { t, type MessageKey, type Params } from '../../i18n/catalog';
import type { campaignsEn } from '../../i18n/campaigns/en';

type Short<K> = K extends `campaigns.${infer R}` ? R : never;
export type CampaignWord = Short<keyof typeof campaignsEn>;

export function tc(key: CampaignWord, params?: Params): string {
  return t(`campaigns.${key}` as MessageKey, params);
}
