/**
 * A response type as the client reads it: what `JSON.stringify` makes of it. Dates
 * become ISO 8601 strings; arrays, tuples and objects keep their shape. Response types
 * are declared once, in the domains' `schema.ts`, and the client reads them through this.
 * @example Wire<{ at: Date; tags: string[] }> // { at: string; tags: string[] }
 */
export type Wire<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
