import { localDate } from '../time/zone.js';

/**
 * A profile PDF's file name: what it is, whose, and the local day it was printed.
 * @example profilePdfName('premises', 'Harbour Grill (synthetic)', now, 'Europe/London') // "lantern-premises-harbour-grill-synthetic-2026-12-06.pdf"
 */
export function profilePdfName(kind: 'premises' | 'vehicle', subject: string, at: Date, timeZone: string): string {
  const slug = subject.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || kind;
  return `lantern-${kind}-${slug}-${localDate(at, timeZone)}.pdf`;
}
