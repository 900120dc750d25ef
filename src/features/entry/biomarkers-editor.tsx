import { useState } from 'react'
import { isIsoDate } from '../../../criteria/index.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { biomarkerDates, buildBiomarkerGrid, nlrByDate } from './grid-model.ts'
import { MiniGrid } from './mini-grid.tsx'

/**
 * Blood biomarkers (issue #14): VEGF-A, VEGF-B, PlGF, circulating endothelial cells, neutrophils
 * and lymphocytes by date, as a small grid with the entry grid's keys and paste; NLR is computed.
 * The columns are the scan dates, the dates already recorded, and any date added here.
 */
export function BiomarkersEditor({ draft }: { draft: CaseDraft }) {
  const [added, setAdded] = useState<string[]>([])
  const [newDate, setNewDate] = useState('')
  const dates = biomarkerDates(draft, added)
  const rows = buildBiomarkerGrid(draft, dates)
  const nlr = nlrByDate(draft)
  const dateOk = isIsoDate(newDate.trim())
  return (
    <section className="panel" aria-labelledby="biomarkers-title">
      <h2 id="biomarkers-title">Blood biomarkers</h2>
      <p className="muted small">Research measures, shown beside the responses; each value in the unit of its row. NLR is computed from the counts of the same date.</p>
      {dates.length > 0 && (
        <MiniGrid label="Blood biomarkers by date" corner="Test" columns={dates} rows={rows}>
          <tr>
            <th scope="row" className="field-name">NLR (computed)</th>
            {dates.map((d) => (
              <td key={d} className="computed">{nlr.get(d) ?? '—'}</td>
            ))}
          </tr>
        </MiniGrid>
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
