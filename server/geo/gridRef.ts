/**
 * Ordnance Survey grid reference → British National Grid easting/northing (metres),
 * e.g. "SD 71700 09200" → { easting: 371700, northing: 409200 }. Two letters and an
 * even number (2–10) of digits, spaces optional; returns an error message otherwise.
 * The point is the south-west corner of the square the reference names.
 */
export function parseGridRef(text: string): { easting: number; northing: number } | string {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-HJ-Z])([A-HJ-Z])(\d*)$/.exec(compact);
  if (!m || m[3]!.length % 2 !== 0 || m[3]!.length > 10) {
    return `"${text}" is not an OS grid reference such as SD 71700 09200`;
  }
  // Letters skip I: A–H are 0–7, J–Z are 8–24.
  const index = (c: string) => {
    const i = c.charCodeAt(0) - 65;
    return i > 7 ? i - 1 : i;
  };
  const l1 = index(m[1]!);
  const l2 = index(m[2]!);
  const e100 = ((l1 - 2) % 5) * 5 + (l2 % 5);
  const n100 = 19 - Math.floor(l1 / 5) * 5 - Math.floor(l2 / 5);
  if (e100 < 0 || e100 > 6 || n100 < 0 || n100 > 12) return `"${text}" lies outside the British National Grid`;
  const digits = m[3]!;
  const half = digits.length / 2;
  const scale = 10 ** (5 - half);
  const e = half ? Number(digits.slice(0, half)) * scale : 0;
  const n = half ? Number(digits.slice(half)) * scale : 0;
  return { easting: e100 * 100_000 + e, northing: n100 * 100_000 + n };
}
