/**
 * Issue #11 "Human words, not internals": wherever a user reads an engine message (the app's
 * results, explanations, caveats and entry warnings, the HTML/PDF report), a timepoint is named by
 * its label and date, never by its internal id ("t1"), and no field by a JSON path. Scanned on
 * every built-in example, under every criterion. The command line and --json keep ids and paths.
 */
import { render, screen } from '@testing-library/react'
import { CRITERIA, evaluateCase, parseCase, type Case, type Evaluation } from '../../criteria/index.ts'
import { reportHtml } from '../../src/documentation/report.ts'
import { timepointTitle } from '../../src/features/entry/grid-model.ts'
import { ExplanationPanel } from '../../src/features/results/explanation-panel.tsx'
import { draftToInput } from '../../src/store/case-draft.ts'
import { EXAMPLES } from '../../src/store/examples.ts'
import { renderApp, showScreen } from './helpers.tsx'

/** Internal ids and JSON paths as they would leak: "t1" as a word, "lesions[0].assessments[1]", "timepoints[2]". */
function leaks(text: string, kase: Case): string[] {
  const ids = kase.timepoints.map((t) => t.id)
  const words = text.match(/(?<![\w-])[A-Za-z0-9_-]+(?![\w-])/g) ?? []
  const paths = text.match(/\b(?:lesions|timepoints|newLesions|assessments|signOffs|auditLog)\[\d+\]/g) ?? []
  return [...new Set([...words.filter((w) => ids.includes(w)), ...paths])]
}

const cases = EXAMPLES.map((example) => {
  const parsed = parseCase(draftToInput(example.draft))
  if (!parsed.ok) throw new Error(`${example.id} does not parse`)
  // Every criterion, with Choi's and mChoi's osteosarcoma safeguards so that the both-readings lines are written too.
  const kase: Case = parsed.value
  const withSafeguards = parseCase({ ...(draftToInput(example.draft) as object), criteriaOptions: { choi: { safeguards: 'osteosarcoma' }, mchoi: { safeguards: 'osteosarcoma' } } })
  if (!withSafeguards.ok) throw new Error(`${example.id} with safeguards does not parse`)
  const all = CRITERIA.map((c) => c.id)
  return { example, kase, evaluations: [evaluateCase(kase, all), evaluateCase(withSafeguards.value, all)] as Evaluation[] }
})

/** The examples' timepoints have ids t0, t1…: the scan below would see them if they leaked. */
it('the built-in examples give the scan something to find', () => {
  for (const { kase } of cases) expect(kase.timepoints.map((t) => t.id)).toContain('t1')
  expect(leaks('At t1 the sum (lesions[0].assessments[1].longAxisMm) rose', cases[0]!.kase)).toEqual(['t1', 'lesions[0]', 'assessments[1]'])
})

describe.each(cases.map((c) => [c.example.id, c] as const))('%s: no timepoint id or JSON path where users read', (_id, { example, kase, evaluations }) => {
  it('in the HTML/PDF report', () => {
    for (const evaluation of evaluations) {
      const html = reportHtml(kase, evaluation, { locale: 'en-GB', timeZone: 'UTC' })
      const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? ''
      expect(leaks(text, kase)).toEqual([])
    }
  })

  it('in every explanation of the results (each criterion, each timepoint and the best response)', () => {
    const labels = new Map(example.draft.timepoints.map((t, i) => [t.id, timepointTitle(t, i)]))
    for (const evaluation of evaluations)
      for (const r of evaluation.results)
        for (const column of [...r.timepoints.map((t) => t.timepoint), 'best']) {
          const { container, unmount } = render(<ExplanationPanel evaluation={evaluation} selection={{ criterion: r.criterion, column }} timepointLabels={labels} kase={example.draft} />)
          expect(leaks(container.textContent ?? '', kase), `${r.criterion} ${column}`).toEqual([])
          unmount()
        }
  })

  it('on the Entry, Results and Caveats screens', async () => {
    const { user } = renderApp(example.draft)
    expect(leaks(document.body.textContent ?? '', kase)).toEqual([])
    await showScreen(user, 'Results')
    expect(screen.getByRole('table', { name: 'Responses by criterion and timepoint' })).toBeInTheDocument()
    expect(leaks(document.body.textContent ?? '', kase)).toEqual([])
    await showScreen(user, 'Caveats')
    expect(leaks(document.body.textContent ?? '', kase)).toEqual([])
  })
})
