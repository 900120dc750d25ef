import { useMemo } from 'react'
import { DEFAULT_CRITERIA } from '../../criteria/index.ts'
import sample from '../samples/sorafenib-lung-metastases.json'
import { CaseDraftSchema } from '../store/case-draft.ts'
import { ResultsMatrix } from '../features/results/results-matrix.tsx'
import { useCaseAnalysis } from '../features/results/use-case-analysis.ts'

const draft = CaseDraftSchema.parse(sample)

export function App() {
  const analysis = useCaseAnalysis(draft, DEFAULT_CRITERIA)
  const labels = useMemo(() => new Map(draft.timepoints.map((t) => [t.id, t.label || t.date])), [])
  return (
    <div className="app">
      <header className="topbar">
        <h1>Caliper</h1>
        <span className="case-title">{draft.patient.id}</span>
      </header>
      <main className="main">
        {analysis.evaluation && <ResultsMatrix evaluation={analysis.evaluation} timepointLabels={labels} />}
      </main>
    </div>
  )
}
