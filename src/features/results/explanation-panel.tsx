import { optionChoiceLabel, type CriterionResult, type Evaluation, type TimepointResult } from '../../../criteria/index.ts'
import { humanize, optionValueText, withTimepointNames } from '../../documentation/human-names.ts'
import { responseClass, type CellSelection } from './results-matrix.tsx'

const mm = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x} mm`)
const mm2 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x} mm²`)
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x > 0 ? '+' : ''}${x} %`)

function OptionsApplied({ result }: { result: CriterionResult }) {
  return (
    <details className="options-applied">
      <summary>Options applied</summary>
      <dl className="kv">
        {Object.entries(result.options).map(([k, v]) => (
          <div key={k}>
            <dt>{humanize(k)}</dt>
            <dd>{optionValueText(v, optionChoiceLabel(result.criterion, k, v))}</dd>
          </div>
        ))}
      </dl>
    </details>
  )
}

function TimepointDetail({ t, kase }: { t: TimepointResult; kase: unknown }) {
  const a = t.attenuation
  return (
    <>
      <dl className="kv">
        <div><dt>Target response</dt><dd>{t.targetResponse ?? 'no targets'}</dd></div>
        <div><dt>Non-target response</dt><dd>{t.nonTargetResponse ?? 'no non-targets'}</dd></div>
        <div><dt>New lesion</dt><dd>{t.newLesion ? 'yes' : 'no'}</dd></div>
        <div><dt>Sum of diameters</dt><dd>{mm(t.sumMm)}{t.sumMm !== null && !t.sumComplete ? ' (lower bound: a target was not evaluated)' : ''}</dd></div>
        {t.cavityAdjustedSumMm !== undefined && <div><dt>Cavity-adjusted sum</dt><dd>{mm(t.cavityAdjustedSumMm)}</dd></div>}
        {t.products && (
          <div>
            <dt>Sum of products</dt>
            <dd>{mm2(t.products.sumMm2)} (baseline {mm2(t.products.baselineMm2)}, nadir {mm2(t.products.nadirMm2)})</dd>
          </div>
        )}
        <div><dt>Baseline sum</dt><dd>{mm(t.baselineSumMm)}</dd></div>
        <div><dt>Nadir sum</dt><dd>{mm(t.nadirSumMm)}</dd></div>
        <div><dt>Change vs baseline</dt><dd>{pct(t.changeFromBaselinePct)}</dd></div>
        <div><dt>Change vs nadir</dt><dd>{pct(t.changeFromNadirPct)}</dd></div>
        {a && (
          <div>
            <dt>Attenuation</dt>
            <dd>
              {a.status === 'compared' ? `${a.baselineHu} → ${a.currentHu} HU (${pct(a.changePct)}) from ${a.lesions.join(', ')}` : `not comparable${a.reason ? `: ${withTimepointNames(kase, a.reason)}` : ''}`}
            </dd>
          </div>
        )}
        <div><dt>Deciding rule</dt><dd><code>{t.rule}</code></dd></div>
      </dl>
      <ol className="explanation">
        {t.explanation.map((line, i) => (
          <li key={i}>{withTimepointNames(kase, line)}</li>
        ))}
      </ol>
    </>
  )
}

/** Why a cell of the matrix says what it says: the numbers, the rule and the options behind it. */
/** `kase` (the case as entered) names the timepoints the engine's sentences refer to by id. */
export function ExplanationPanel({ evaluation, selection, timepointLabels, kase }: { evaluation: Evaluation; selection: CellSelection | null; timepointLabels: ReadonlyMap<string, string>; kase: unknown }) {
  const result = evaluation.results.find((r) => r.criterion === selection?.criterion)
  if (!selection || !result) return <p className="muted">Select a response in the table to see how it was reached.</p>
  if (selection.column === 'best') {
    const b = result.best
    return (
      <section aria-labelledby="explain-title">
        <h3 id="explain-title">
          {result.name}, best overall response: <span className={responseClass(b.response)}>{b.response ?? '—'}</span>
        </h3>
        <dl className="kv">
          <div><dt>Reached at</dt><dd>{b.timepoint ? `${timepointLabels.get(b.timepoint) || b.timepoint} (${b.date})` : '—'}</dd></div>
          <div><dt>Confirmation</dt><dd>{b.confirmed === null ? 'does not apply' : b.confirmed ? 'confirmed' : 'not confirmed'}</dd></div>
        </dl>
        <ol className="explanation">
          {b.explanation.map((line, i) => (
            <li key={i}>{withTimepointNames(kase, line)}</li>
          ))}
        </ol>
        <OptionsApplied result={result} />
      </section>
    )
  }
  const t = result.timepoints.find((tp) => tp.timepoint === selection.column)
  if (!t) return <p className="muted">This timepoint has no result under {result.name}.</p>
  return (
    <section aria-labelledby="explain-title">
      <h3 id="explain-title">
        {result.name} at {timepointLabels.get(t.timepoint) || t.timepoint} ({t.date}): <span className={responseClass(t.response)}>{t.response}</span>
      </h3>
      <TimepointDetail kase={kase} t={t} />
      <OptionsApplied result={result} />
    </section>
  )
}
