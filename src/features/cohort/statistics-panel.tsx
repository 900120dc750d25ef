import { useMemo, useState } from 'react'
import type { Evaluation } from '../../../criteria/index.ts'
import { compareCriteria, responseRates, type Kappa, type Proportion } from '../../documentation/statistics.ts'

export const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`)
const rate = (p: Proportion) => (p.proportion === null ? '—' : `${p.count}/${p.total} = ${pct(p.proportion)}`)
const ci = (p: Proportion) => (p.ci ? `${pct(p.ci.lower)} – ${pct(p.ci.upper)}` : '—')
export const kappaText = (k: Kappa) => (k.kappa === null ? 'undefined' : `${k.kappa.toFixed(3)}${k.ci ? ` (95 % CI ${k.ci.lower.toFixed(2)} to ${k.ci.upper.toFixed(2)})` : ''}`)

/** ORR and DCR per criterion with exact intervals, and agreement between any two criteria (statistics.ts). */
export function StatisticsPanel({ evaluations, criteria, onOpenPatient }: { evaluations: readonly Evaluation[]; criteria: readonly { id: string; name: string }[]; onOpenPatient: (patient: string) => void }) {
  const rates = useMemo(() => responseRates(evaluations), [evaluations])
  const [a, setA] = useState(criteria[0]?.id ?? '')
  const [b, setB] = useState(criteria[1]?.id ?? criteria[0]?.id ?? '')
  const ids = criteria.map((c) => c.id)
  const rowId = ids.includes(a) ? a : (ids[0] ?? '')
  const colId = ids.includes(b) ? b : (ids[1] ?? ids[0] ?? '')
  const agreement = useMemo(() => (rowId && colId ? compareCriteria(evaluations, rowId, colId) : null), [evaluations, rowId, colId])
  const name = (id: string) => criteria.find((c) => c.id === id)?.name ?? id
  const shown = agreement ? agreement.crossTab.categories.map((c, i) => ({ c, i })).filter(({ i }) => agreement.crossTab.counts[i]!.some((x) => x > 0) || agreement.crossTab.counts.some((row) => row[i]! > 0)) : []

  return (
    <section className="panel" aria-labelledby="disagree-title">
      <h2 id="disagree-title">How criteria disagree</h2>
      {/* Wider than a phone: scrolls inside itself (focusable, so a keyboard scrolls it too), never the page. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Response rates per criterion">
        <table className="matrix rates-table">
          <caption>Objective response rate (CR + PR) and disease control rate (CR + PR + SD + non-CR/non-PD), with exact Clopper–Pearson 95 % confidence intervals</caption>
          <thead>
            <tr><th scope="col">Criterion</th><th scope="col">Evaluated</th><th scope="col">ORR</th><th scope="col">ORR 95 % CI</th><th scope="col">DCR</th><th scope="col">DCR 95 % CI</th></tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.criterion}>
                <th scope="row">{r.name}</th>
                <td>{r.evaluated}{r.notApplicable.length > 0 && <span className="col-date">{r.notApplicable.length} not applicable</span>}</td>
                <td>{rate(r.objectiveResponse)}</td>
                <td>{ci(r.objectiveResponse)}</td>
                <td>{rate(r.diseaseControl)}</td>
                <td>{ci(r.diseaseControl)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 className="spaced">Agreement between two criteria</h3>
      <div className="row">
        <div className="field">
          <label htmlFor="pair-a">Rows</label>
          <select id="pair-a" value={rowId} onChange={(e) => setA(e.target.value)}>
            {criteria.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pair-b">Columns</label>
          <select id="pair-b" value={colId} onChange={(e) => setB(e.target.value)}>
            {criteria.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
      </div>
      {agreement && (
        <div className="agreement">
          <table className="matrix cross-tab">
            <caption>Best overall response: {name(rowId)} (rows) × {name(colId)} (columns), {agreement.crossTab.n} patients</caption>
            <thead>
              <tr><th scope="col"><span className="visually-hidden">{name(rowId)} \ {name(colId)}</span></th>{shown.map(({ c }) => <th scope="col" key={c}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {shown.map(({ c, i }) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {shown.map(({ c: d, i: j }) => <td key={d} className={i === j ? 'best' : agreement.crossTab.counts[i]![j]! > 0 ? 'disagree' : undefined}>{agreement.crossTab.counts[i]![j]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="agreement-figures">
            <dt>Percent agreement</dt><dd data-testid="percent-agreement">{pct(agreement.percentAgreement)}</dd>
            <dt>Cohen's kappa</dt><dd data-testid="kappa">{kappaText(agreement.ordinal.unweighted)}</dd>
            <dt>Weighted kappa (linear)</dt><dd data-testid="kappa-linear">{kappaText(agreement.ordinal.linear)}</dd>
            <dt>Weighted kappa (quadratic)</dt><dd>{kappaText(agreement.ordinal.quadratic)}</dd>
          </dl>
          <p className="muted small">
            Kappa over {agreement.ordinal.n} patients on the ordered scale CR &gt; PR &gt; SD &gt; PD (non-CR/non-PD counted as SD)
            {agreement.ordinal.excluded.length > 0 && `; left out as NE or without a best response: ${agreement.ordinal.excluded.join(', ')}`}.
          </p>
          <h3>Patients classified differently ({agreement.discordant.length})</h3>
          {agreement.discordant.length === 0 ? (
            <p className="muted">The two criteria agree on every patient.</p>
          ) : (
            <ul className="discordant" aria-label={`Patients ${name(rowId)} and ${name(colId)} classify differently`}>
              {agreement.discordant.map((d) => (
                <li key={d.patient}>
                  <button type="button" className="link" onClick={() => onOpenPatient(d.patient)} aria-label={`Open case ${d.patient}`}>{d.patient}</button>: {name(rowId)} {d.responses[0] ?? '—'}, {name(colId)} {d.responses[1] ?? '—'}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}
