import { useMemo } from 'react'
import { withTimepointNames } from '../../documentation/human-names.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { lesionWarnings, type ReportedFinding } from '../caveats/collect-findings.ts'
import { ResultsMatrix, UpdatingNote, type CellSelection } from '../results/results-matrix.tsx'
import type { CaseAnalysis } from '../results/use-case-analysis.ts'
import { BiomarkersEditor } from './biomarkers-editor.tsx'
import { CaseGrid } from './case-grid.tsx'
import { useRequestedFocus } from './entry-keys.ts'
import { NewLesionsEditor } from './new-lesions-editor.tsx'
import { PatientForm } from './patient-form.tsx'
import { ProblemsSummary } from './problems-summary.tsx'

export function EntryScreen({ draft, analysis, timepointLabels, onExplain }: { draft: CaseDraft; analysis: CaseAnalysis; timepointLabels: ReadonlyMap<string, string>; onExplain: (cell: CellSelection) => void }) {
  // Findings name timepoints by id: shown by label and date.
  const { timepoints } = draft
  const warnings = useMemo(() => {
    const named = new Map<string, ReportedFinding[]>()
    for (const [lesion, list] of lesionWarnings(analysis.evaluation)) named.set(lesion, list.map((f) => ({ ...f, message: withTimepointNames({ timepoints }, f.message) })))
    return named
  }, [analysis.evaluation, timepoints])
  useRequestedFocus()
  return (
    <div className="entry-layout">
      <div className="entry-main">
        <PatientForm draft={draft} />
        <ProblemsSummary problems={analysis.problems} draft={draft} />
        <section className="panel grid-panel" aria-labelledby="grid-title">
          <h2 id="grid-title">Lesions and timepoints</h2>
          <CaseGrid draft={draft} lesionFindings={warnings} />
        </section>
        <NewLesionsEditor draft={draft} />
        <BiomarkersEditor draft={draft} />
      </div>
      {/* Beside the grid on wide screens, and kept in view while typing (sticky); above the grid on narrow ones. */}
      <section className={`panel live-results${analysis.updating ? ' updating' : ''}`} aria-labelledby="live-title" aria-busy={analysis.updating}>
        <h2 id="live-title">Responses</h2>
        <UpdatingNote updating={analysis.updating} />
        <p className="muted small">Select a response to see how it was reached.</p>
        {analysis.evaluation ? (
          <ResultsMatrix evaluation={analysis.evaluation} timepointLabels={timepointLabels} onSelect={onExplain} />
        ) : (
          <p className="muted">{analysis.updating ? 'Evaluating…' : 'Shown once the problems are fixed.'}</p>
        )}
      </section>
    </div>
  )
}
