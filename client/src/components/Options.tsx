/** The `<option>`s of a select over a fixed list, each named by its label (or itself). */
export function Options<T extends string | number>({ values, labels = {} }: { values: readonly T[]; labels?: Partial<Record<T, string>> }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {labels[v] ?? v}
        </option>
      ))}
    </>
  );
}
