import type { ReactNode } from 'react';

/** A table's head row: one column header a name (a node, for headers with markup). */
export function TableHead({ columns }: { columns: readonly ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={i} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The one row of a table with nothing in it, saying so across all `cols` columns. */
export function EmptyRow({ cols, children }: { cols: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={cols} className="table__empty">
        {children}
      </td>
    </tr>
  );
}

/** A row under a table row holding its form or its error, across all `cols` columns. */
export function DetailRow({ cols, children }: { cols: number; children: ReactNode }) {
  return (
    <tr className="admin-table__detail">
      <td colSpan={cols}>{children}</td>
    </tr>
  );
}
