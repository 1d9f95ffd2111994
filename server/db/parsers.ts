/**
 * The one place where PGlite and node-postgres are made to agree on result types.
 * Both get the same parsers: bigint counts and numerics become JavaScript numbers
 * (pg returns them as strings by default), and `date` stays a 'YYYY-MM-DD' string
 * (pg would make a local-midnight Date, shifting by a day west of UTC).
 */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date
};
