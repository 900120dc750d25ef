import { lazy, Suspense, useState } from 'react'
import { allowed, type CaseSummary, type Role } from '../../server/api-schemas.ts'
import { useUndoShortcuts } from '../app/app.tsx'
import { AmendDialog } from '../features/documents/amend-dialog.tsx'
import { BaselineDialog } from '../features/entry/baseline-dialog.tsx'
import { useAppStore } from '../store/app-store.ts'
import { Accounts } from './accounts.tsx'
import { api } from './api.ts'
import { CaseList } from './case-list.tsx'
import { CaseView } from './case-view.tsx'
import { useServerCase } from './server-case.ts'
import { initialSession, ROLE_NAMES, useTeam } from './session.ts'
import { SignInScreen } from './sign-in.tsx'

const TeamCohort = lazy(() => import('./team-cohort.tsx'))
// The audit trail's code loads when first shown (here, and for a case in case-view.tsx): one chunk, not in the first page.
const AuditVerify = lazy(() => import('./audit-trail.tsx').then((m) => ({ default: m.AuditVerify })))

type View = 'cases' | 'cohort' | 'accounts' | 'audit'
const VIEW_TITLES: Record<View, (role: Role) => string> = {
  cases: (role) => (role === 'reader' ? 'Worklist' : 'Cases'),
  cohort: () => 'Cohort',
  accounts: () => 'Accounts',
  audit: () => 'Audit check',
}
const viewsOf = (role: Role): View[] => [
  ...(allowed('listCases', role) ? (['cases'] as const) : []),
  ...(allowed('agreement', role) ? (['cohort'] as const) : []),
  ...(allowed('createUser', role) ? (['accounts'] as const) : []),
  ...(allowed('auditVerify', role) ? (['audit'] as const) : []),
]

/** Forgets every case held in memory (team mode keeps nothing on the machine once signed out). */
function forgetCases() {
  useServerCase.getState().setOpened(null)
  useAppStore.setState({ library: {}, openId: null, past: [], future: [], pendingAmendment: null })
}
api.whenSessionEnds(() => {
  forgetCases()
  useTeam.getState().signedOut()
})

/** The app when a Caliper server serves it: sign in, then what the role may see and do. */
export function TeamApp({ signedIn }: { signedIn: unknown }) {
  const [started] = useState(() => {
    const session = initialSession(signedIn)
    if (session) useTeam.getState().signedIn(session)
    forgetCases()
    return true
  })
  const user = useTeam((s) => s.user)
  return started && user ? <TeamShell key={user.id} /> : <SignInScreen />
}

function TeamShell() {
  useUndoShortcuts()
  const user = useTeam((s) => s.user)!
  const views = viewsOf(user.role)
  const [view, setView] = useState<View>(views[0] ?? 'cases')
  const [open, setOpen] = useState<CaseSummary | null>(null)
  const signOut = async () => {
    await api.call('logout').catch(() => undefined)
    forgetCases()
    useTeam.getState().signedOut()
  }
  const show = (v: View) => {
    setOpen(null)
    setView(v)
  }
  const openById = (id: string) => {
    const summary = useTeam.getState().cases?.find((c) => c.id === id)
    if (summary) setOpen(summary)
  }
  return (
    <div className="app team">
      <header className="topbar">
        <h1>Caliper</h1>
        <nav aria-label="Screens" className="tabs">
          {views.map((v) => <button key={v} type="button" aria-current={view === v && !open ? 'page' : undefined} onClick={() => show(v)}>{VIEW_TITLES[v](user.role)}</button>)}
        </nav>
        <span className="spacer" />
        <span className="signed-in" aria-label="Signed in as">{user.displayName} · {ROLE_NAMES[user.role]}</span>
        <button type="button" onClick={() => void signOut()}>Sign out</button>
      </header>
      <main className="main" id="main">
        {open ? (
          <CaseView key={open.id} summary={open} onClose={() => { forgetCases(); setOpen(null) }} />
        ) : view === 'cases' ? (
          <CaseList onOpen={setOpen} />
        ) : view === 'cohort' ? (
          <Suspense fallback={<p className="muted" role="status">Loading…</p>}><TeamCohort onOpenCase={openById} /></Suspense>
        ) : view === 'accounts' ? (
          <Accounts />
        ) : (
          <Suspense fallback={<p className="muted" role="status">Loading…</p>}><AuditVerify /></Suspense>
        )}
      </main>
      <AmendDialog account={`${user.displayName} (${user.username})`} />
      <BaselineDialog />
    </div>
  )
}
