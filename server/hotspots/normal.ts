/**
 * The standard normal distribution's tails, for p-values of z-scores.
 * erfc by the Chebyshev fit of Numerical Recipes (fractional error below 1.2e-7
 * everywhere), ample for p-values compared against 0.10, 0.05 and 0.01.
 */

/** Complementary error function. @example erfc(0) // 1 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Two-sided p-value of a z-score: P(|Z| ≥ |z|).
 * @example twoSidedP(1.959964) // ≈ 0.05
 */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
