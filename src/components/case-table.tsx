/** The table of cases, one row a case: the browser's library and a Caliper server's case list alike. */
import type { ReactNode } from 'react'
import { dateTimeText } from '../documentation/human-names.ts'

export interface CaseRow {
  key: string
  /** The patient ID, with any badge ("open", "locked"): the row's header. */
  patient: ReactNode
  /** One cell per column of `columns`. */
  cells: ReactNode[]
  /** ISO date-time, shown in the reader's locale with the time zone. */
  updatedAt: string
  actions: ReactNode
  current?: boolean
}

/** Patient, then `columns`, then the last change and the actions. */
export function CaseTable({ caption, columns, rows }: { caption: string; columns: readonly string[]; rows: readonly CaseRow[] }) {
  return (
    <table className="library-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Patient</th>
          {columns.map((c) => <th key={c} scope="col">{c}</th>)}
          <th scope="col">Last change</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.current ? 'current' : undefined}>
            <th scope="row">{r.patient}</th>
            {r.cells.map((cell, i) => <td key={i}>{cell}</td>)}
            <td>{dateTimeText(r.updatedAt)}</td>
            <td className="actions">{r.actions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
