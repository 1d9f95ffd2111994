/**
 * A vehicle registration as stored: upper case letters and digits only.
 * Returns undefined when nothing of a plate is left (e.g. "--").
 * @example normalisePlate(' ab12 cde ') // 'AB12CDE'
 */
export function normalisePlate(text: string): string | undefined {
  const plate = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return plate.length >= 1 && plate.length <= 10 ? plate : undefined;
}

export type PlateFormat = 'current' | 'prefix' | 'suffix' | 'dateless' | 'northern_ireland' | 'other';

/**
 * Which UK series a normalised plate belongs to. Foreign, trade and cherished
 * plates that fit none are 'other' and still allowed.
 */
export function plateFormat(plate: string): PlateFormat {
  if (/^[A-Z]{2}[0-9]{2}[A-Z]{3}$/.test(plate)) return 'current'; // AB12CDE (2001–)
  if (/^[A-Z][0-9]{1,3}[A-Z]{3}$/.test(plate)) return 'prefix'; // A123BCD (1983–2001)
  if (/^[A-Z]{3}[0-9]{1,3}[A-Z]$/.test(plate)) return 'suffix'; // ABC123D (1963–1983)
  // Northern Ireland: an optional serial letter, a two-letter code with I or Z, 1–4 digits (AIZ1234).
  if (/^[A-Z]?([A-Z]I|I[A-Z]|[A-Z]Z)[0-9]{1,4}$/.test(plate)) return 'northern_ireland';
  if (/^([0-9]{1,4}[A-Z]{1,3}|[A-Z]{1,3}[0-9]{1,4})$/.test(plate)) return 'dateless';
  return 'other';
}
