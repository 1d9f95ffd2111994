/**
 * UK postcode in its canonical form: upper case, one space before the inward code.
 * Accepts any case and spacing ("bl11aa", " BL1  1AA "). Returns undefined when the
 * text cannot be a postcode.
 * @example normalisePostcode('bl11aa') // 'BL1 1AA'
 */
export function normalisePostcode(text: string): string | undefined {
  const compact = text.replace(/[\s-]+/g, '').toUpperCase();
  const m = /^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$/.exec(compact);
  return m ? `${m[1]} ${m[2]}` : undefined;
}

/** Whether the text looks like someone typed a (possibly partial) postcode rather than a name. */
export function looksLikePostcode(text: string): boolean {
  return /^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?\s*([0-9][A-Za-z]{0,2})?$/.test(text.trim());
}
