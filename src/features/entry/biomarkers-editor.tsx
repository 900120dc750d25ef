import { useContext, useRef, useState } from 'react'
import { IsoDateSchema } from '../../../criteria/index.ts'
import { ProblemsContext } from '../../components/problems.tsx'
import type { CaseDraft } from '../../store/case-draft.ts'
import { Cell, moveInGrid, pasteInGrid } from './case-grid.tsx'
import { biomarkerDates, buildBiomarkerGrid, cellProblems, nlrByDate } from './grid-model.ts'

/**
 * Blood biomarkers (issue #14): VEGF-A, VEGF-B, PlGF, circulating endothelial cells, neutrophils
 * and lymphocytes by date, as a small grid with the entry grid's keys and paste; NLR is computed.
 * The columns are the scan dates, the dates already recorded, and any date added here.
 */
export function BiomarkersEditor({ draft }: { draft: CaseDraft }) {
  const problems = useContext(ProblemsContext)
  const ref = useRef<HTMLTableElement>(null)
  const [added, setAdded] = useState<string[]>([])
  const [newDate, setNewDate] = useState('')
  const dates = biomarkerDates(draft, added)
  const rows = buildBiomarkerGrid(draft, dates)
  const nlr = nlrByDate(draft)
  const dateOk = IsoDateSchema.safeParse(newDate.trim()).success
  return (
    <section className="panel" aria-labelledby="biomarkers-title">
      <h2 id="biomarkers-title">Blood biomarkers</h2>
      <p className="muted small">Research measures, shown beside the responses; each value in the unit of its row. NLR is computed from the counts of the same date.</p>
      {dates.length > 0 && (
        <table className="entry-grid follow-up" ref={ref} aria-label="Blood biomarkers by date" onKeyDown={(e) => moveInGrid(ref.current, e)} onPaste={(e) => pasteInGrid(rows, e)}>
          <thead>
            <tr>
              <th scope="col">Test</th>
              {dates.map((d) => (
                <th scope="col" key={d}>{d}</th>
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
            <tr>
              <th scope="row" className="field-name">NLR (computed)</th>
              {dates.map((d) => (
                <td key={d} className="computed">{nlr.get(d) ?? '—'}</td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      <div className="row">
        <label htmlFor="biomarker-date">Another sample date</label>
        <input id="biomarker-date" placeholder="YYYY-MM-DD" value={newDate} onChange={(e) => setNewDate(e.target.value)} aria-invalid={(newDate !== '' && !dateOk) || undefined} size={12} />
        <button
          type="button"
          disabled={!dateOk}
          onClick={() => {
            setAdded((list) => [...list, newDate.trim()])
            setNewDate('')
          }}
        >
          + Sample date
        </button>
      </div>
    </section>
  )
}
