import { useMemo } from 'react'
import type { CaseDraft } from '../../store/case-draft.ts'
import { lesionWarnings } from '../caveats/collect-findings.ts'
import { ResultsMatrix, UpdatingNote, type CellSelection } from '../results/results-matrix.tsx'
import type { CaseAnalysis } from '../results/use-case-analysis.ts'
import { CaseGrid } from './case-grid.tsx'
import { NewLesionsEditor } from './new-lesions-editor.tsx'
import { PatientForm } from './patient-form.tsx'
import { ProblemsSummary } from './problems-summary.tsx'

export function EntryScreen({ draft, analysis, timepointLabels, onExplain }: { draft: CaseDraft; analysis: CaseAnalysis; timepointLabels: ReadonlyMap<string, string>; onExplain: (cell: CellSelection) => void }) {
  const warnings = useMemo(() => lesionWarnings(analysis.evaluation), [analysis.evaluation])
  return (
    <>
      <div className="entry-top">
        <PatientForm draft={draft} />
        <section className={`panel live-results${analysis.updating ? ' updating' : ''}`} aria-labelledby="live-title" aria-busy={analysis.updating}>
          <h2 id="live-title">Responses</h2>
          <UpdatingNote updating={analysis.updating} />
          <p className="muted small">Select a response to see how it was reached.</p>
          {analysis.evaluation ? (
            <ResultsMatrix evaluation={analysis.evaluation} timepointLabels={timepointLabels} onSelect={onExplain} />
          ) : (
            <p className="muted">Shown once the problems below are fixed.</p>
          )}
        </section>
      </div>
      <ProblemsSummary problems={analysis.problems} />
      <section className="panel" aria-labelledby="grid-title">
        <h2 id="grid-title">Lesions and timepoints</h2>
        <CaseGrid draft={draft} lesionFindings={warnings} />
      </section>
      <NewLesionsEditor draft={draft} />
    </>
  )
}
