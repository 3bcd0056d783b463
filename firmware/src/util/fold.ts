/**
 * Folds text for searching: lower case, Vietnamese and other Latin diacritics removed
 * (đ -> d, which Unicode does not decompose), width variants unified (NFKD), whitespace
 * collapsed. Chinese characters pass through unchanged. "Trần Thị Hoa" -> "tran thi hoa".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export const digitsOnly = (text: string): string => text.replace(/\D/g, '');
