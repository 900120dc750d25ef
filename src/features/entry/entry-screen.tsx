import { memo, useMemo } from 'react'
import { withTimepointNames } from '../../documentation/human-names.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { lesionWarnings, type ReportedFinding } from '../caveats/collect-findings.ts'
import { ResultsMatrix, UpdatingNote, type CellSelection } from '../results/results-matrix.tsx'
import type { CaseAnalysis } from '../results/use-case-analysis.ts'
import { BiomarkersEditor } from './biomarkers-editor.tsx'
import { CaseGrid } from './case-grid.tsx'
import { showsPet } from './grid-model.ts'
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
        <Patient draft={draft} />
        <ProblemsSummary problems={analysis.problems} draft={draft} />
        <section className="panel grid-panel" aria-labelledby="grid-title">
          <h2 id="grid-title">Lesions and timepoints</h2>
          <Grid draft={draft} lesionFindings={warnings} />
        </section>
        <NewLesions draft={draft} />
        <Biomarkers draft={draft} />
      </div>
      {/* Beside the grid on wide screens, and kept in view while typing (sticky); above the grid on narrow ones. */}
      <section className={`panel live-results${analysis.updating ? ' updating' : ''}`} aria-labelledby="live-title" aria-busy={analysis.updating}>
        <h2 id="live-title">Responses</h2>
        <UpdatingNote updating={analysis.updating} />
        <p className="muted small">Select a response to see how it was reached.</p>
        {analysis.evaluation ? (
          <Results evaluation={analysis.evaluation} timepointLabels={timepointLabels} onSelect={onExplain} />
        ) : (
          <p className="muted">{analysis.updating ? 'Evaluating…' : 'Shown once the problems are fixed.'}</p>
        )}
      </section>
    </div>
  )
}

const warningsText = (m: ReadonlyMap<string, readonly object[]>) => JSON.stringify([...m])

// A keystroke changes one lesion's cells: the parts of the screen that do not show it are not rendered again.
// The same warnings as before (most evaluations) leave the grid as it is.
const Grid = memo(CaseGrid, (a, b) => a.draft === b.draft && (a.lesionFindings === b.lesionFindings || warningsText(a.lesionFindings) === warningsText(b.lesionFindings)))
const Results = memo(ResultsMatrix)
const Patient = memo(PatientForm, (a, b) => a.draft.patient === b.draft.patient && a.draft.therapyStart === b.draft.therapyStart)
const NewLesions = memo(NewLesionsEditor, (a, b) => a.draft.newLesions === b.draft.newLesions && a.draft.timepoints === b.draft.timepoints && showsPet(a.draft) === showsPet(b.draft))
const Biomarkers = memo(BiomarkersEditor, (a, b) => a.draft.biomarkers === b.draft.biomarkers && a.draft.timepoints === b.draft.timepoints)
