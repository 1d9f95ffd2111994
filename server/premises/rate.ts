/**
 * How many times more often sightings occur around a place than across its ward,
 * per unit area: (n / area) / (refN / refArea). Undefined when the ward has none.
 * @example rateRatio(6, 0.0314, 120, 6.28) // ≈ 10: ten times the ward's density
 */
export function rateRatio(n: number, areaKm2: number, refN: number, refAreaKm2: number): number | null {
  if (refN <= 0 || refAreaKm2 <= 0 || areaKm2 <= 0) return null;
  return Math.round(((n / areaKm2) / (refN / refAreaKm2)) * 100) / 100;
}

/** Area of a circle of `radiusM` metres, in km². */
export const circleKm2 = (radiusM: number) => (Math.PI * radiusM * radiusM) / 1e6;
