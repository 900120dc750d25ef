import { useEffect, useState } from 'react'
import type { z } from 'zod'
import type { AgreementReply } from '../../server/api-schemas.ts'
import CohortScreen from '../features/cohort/cohort-screen.tsx'
import { kappaText, pct } from '../features/cohort/statistics-panel.tsx'
import type { Agreement } from '../documentation/statistics.ts'
import { useAppStore } from '../store/app-store.ts'
import { CaseDraftSchema } from '../store/case-draft.ts'
import { api, ApiError } from './api.ts'
import { refreshCases } from './session.ts'

type Reply = z.output<typeof AgreementReply>
const isAgreement = (a: unknown): a is Agreement => typeof a === 'object' && a !== null && 'ordinal' in a && 'percentAgreement' in a

/** Inter-reader agreement per criterion (the server computes it with the cohort's own kappa, statistics.ts). */
export function InterReaderAgreement({ reply }: { reply: Reply }) {
  return (
    <section className="panel" aria-labelledby="inter-reader-title">
      <h2 id="inter-reader-title">Agreement between readers</h2>
      <p className="muted small">Best overall response of reader 1 against reader 2, over the {reply.cases} {reply.cases === 1 ? 'case' : 'cases'} whose two reads are both signed; kappa on the ordered scale CR &gt; PR &gt; SD &gt; PD as between criteria above.</p>
      <table className="matrix inter-reader">
        <caption className="visually-hidden">Inter-reader agreement per criterion</caption>
        <thead><tr><th scope="col">Criterion</th><th scope="col">Cases</th><th scope="col">Percent agreement</th><th scope="col">Cohen's kappa</th><th scope="col">Weighted kappa (linear)</th></tr></thead>
        <tbody>
          {reply.criteria.map((c) => {
            const a = isAgreement(c.agreement) ? c.agreement : null
            return (
              <tr key={c.criterion}>
                <th scope="row">{c.name}</th>
                <td>{a ? a.crossTab.n : '—'}</td>
                <td>{a ? pct(a.percentAgreement) : '—'}</td>
                <td>{a ? kappaText(a.ordinal.unweighted) : '—'}</td>
                <td>{a ? kappaText(a.ordinal.linear) : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

/** The cohort of the server's cases (loaded into memory only), with inter-reader agreement beside the between-criteria agreement. */
export default function TeamCohort({ onOpenCase }: { onOpenCase: (id: string) => void }) {
  const [state, setState] = useState<{ loaded: boolean; agreement: Reply | null; error: string | null }>({ loaded: false, agreement: null, error: null })
  useEffect(() => {
    let live = true
    const load = async () => {
      const cases = await refreshCases()
      const docs = await Promise.all(cases.filter((c) => c.kind === 'case').map((c) => api.call('getCase', { id: c.id })))
      const library = Object.fromEntries(docs.map((d) => [d.id, { draft: CaseDraftSchema.parse(d.case), updatedAt: d.updatedAt }]))
      const agreement = await api.call('agreement')
      if (!live) return
      useAppStore.setState({ library, openId: null, past: [], future: [] })
      setState({ loaded: true, agreement, error: null })
    }
    load().catch((e: ApiError) => live && setState({ loaded: true, agreement: null, error: e.message }))
    return () => {
      live = false
    }
  }, [])
  if (!state.loaded) return <p className="muted" role="status">Loading the cohort…</p>
  return (
    <>
      {state.error && <p className="notice error" role="alert">{state.error}</p>}
      <CohortScreen onOpenCase={onOpenCase} team={{ agreement: state.agreement && <InterReaderAgreement reply={state.agreement} /> }} />
    </>
  )
}
