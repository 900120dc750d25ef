import type { CaseDraft } from '../../store/case-draft.ts'
import { ProblemsSummary } from '../entry/problems-summary.tsx'
import { CriteriaOptions } from './criterion-options.tsx'
import { ExplanationPanel } from './explanation-panel.tsx'
import { ResultsMatrix, UpdatingNote, type CellSelection } from './results-matrix.tsx'
import { StudySettings } from './study-settings.tsx'
import type { CaseAnalysis } from './use-case-analysis.ts'

export function ResultsScreen({
  draft,
  analysis,
  timepointLabels,
  selection,
  onSelect,
  readOnly = false,
}: {
  draft: CaseDraft
  analysis: CaseAnalysis
  timepointLabels: ReadonlyMap<string, string>
  selection: CellSelection | null
  onSelect: (cell: CellSelection) => void
  /** The case's settings and options are shown but cannot be changed (a monitor, a locked case, a newer version's library). */
  readOnly?: boolean
}) {
  const settings = (
    <>
      <StudySettings draft={draft} />
      <CriteriaOptions draft={draft} />
    </>
  )
  return (
    <>
      <section className={`panel${analysis.updating ? ' updating' : ''}`} aria-labelledby="results-title" aria-busy={analysis.updating}>
        <h2 id="results-title">Responses</h2>
          <UpdatingNote updating={analysis.updating} />
        {analysis.evaluation ? (
          <div className="results-layout">
            <ResultsMatrix evaluation={analysis.evaluation} timepointLabels={timepointLabels} selected={selection} onSelect={onSelect} />
            <div className="explanation-box">
              <ExplanationPanel evaluation={analysis.evaluation} selection={selection} timepointLabels={timepointLabels} kase={draft} />
            </div>
          </div>
        ) : (
          <ProblemsSummary problems={analysis.problems} draft={draft} />
        )}
      </section>
      {readOnly ? (
        <fieldset className="read-only-case" disabled aria-label="Study settings and options, read only">
          {settings}
        </fieldset>
      ) : (
        settings
      )}
    </>
  )
}
