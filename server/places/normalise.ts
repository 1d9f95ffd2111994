/**
 * Forgiving place-search keys, shared by the gazetteer's loader and its search, so
 * "bl11aa", "BL1 1AA " and "BL1-1AA" meet, and "deane rd" finds "Deane Road".
 * Pure functions; imports nothing.
 */

/** Road words as people shorten them, spelt out. */
const ABBREVIATIONS: Record<string, string> = {
  rd: 'road', st: 'street', str: 'street', ave: 'avenue', av: 'avenue', ln: 'lane', dr: 'drive', cl: 'close',
  cres: 'crescent', cr: 'crescent', gr: 'grove', gro: 'grove', pl: 'place', sq: 'square', ter: 'terrace',
  terr: 'terrace', wy: 'way', wk: 'walk', pde: 'parade', hse: 'house', ct: 'court', gdns: 'gardens', mt: 'mount',
};

/**
 * Lower case, every run of other characters one space, abbreviations spelt out.
 * @example searchKey('  Deane Rd. ') // 'deane road'
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
}

/**
 * The search key without spaces: a postcode typed with or without its space.
 * @example compactKey('BL1 1AA ') // 'bl11aa'
 */
export const compactKey = (text: string): string => searchKey(text).replace(/ /g, '');

/** Escapes LIKE's wildcards so a typed `%` or `_` is literal. */
export const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
