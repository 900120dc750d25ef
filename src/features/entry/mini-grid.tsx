import { useContext, useRef, type ReactNode } from 'react'
import { ProblemsContext } from '../../components/problems.tsx'
import { Cell, moveInGrid, pasteInGrid } from './case-grid.tsx'
import { cellProblems, type GridRow } from './grid-model.ts'

/** A small grid under the entry grid (a new lesion's follow-up, blood biomarkers): the same cells, keys and paste. */
export function MiniGrid({ label, corner, columns, rows, children }: { label: string; corner: string; columns: readonly string[]; rows: readonly GridRow[]; children?: ReactNode }) {
  const problems = useContext(ProblemsContext)
  const ref = useRef<HTMLTableElement>(null)
  return (
    <table className="entry-grid follow-up" ref={ref} aria-label={label} onKeyDown={(e) => moveInGrid(ref.current, e)} onPaste={(e) => pasteInGrid(rows, e)}>
      <thead>
        <tr>
          <th scope="col">{corner}</th>
          {columns.map((title, ci) => (
            <th scope="col" key={ci}>{title}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, ri) => (
          <tr key={r.key}>
            <th scope="row" className="field-name">{r.field}</th>
            {r.cells.map((c, ci) => (
              <td key={c.key}>
                <Cell cell={c} problems={cellProblems(problems, c)} row={ri} col={ci} />
              </td>
            ))}
          </tr>
        ))}
        {children}
      </tbody>
    </table>
  )
}
