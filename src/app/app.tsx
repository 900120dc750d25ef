import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { CaseBoundary, ScreenBoundary } from '../components/error-boundaries.tsx'
import { KeyboardHelp } from '../components/keyboard-help.tsx'
import { ProblemsContext } from '../components/problems.tsx'
import { shortcutIn, shortcutProps } from '../components/shortcuts.ts'
import { StorageNotices } from '../components/storage-notices.tsx'
import { BaselineDialog } from '../features/entry/baseline-dialog.tsx'
import { EntryScreen } from '../features/entry/entry-screen.tsx'
import { timepointTitle } from '../features/entry/grid-model.ts'
import { caseFileName, caseFileText, downloadText } from '../features/library/case-file.ts'
import { useCaseAnalysis, type CaseAnalysis } from '../features/results/use-case-analysis.ts'
import type { CellSelection } from '../features/results/results-matrix.tsx'
import { selectOpenDraft, selectReadOnly, useAppStore } from '../store/app-store.ts'
import type { CaseDraft } from '../store/case-draft.ts'

export type Screen = 'entry' | 'results' | 'caveats' | 'documents' | 'library' | 'cohort'
const SCREENS: { id: Screen; title: string }[] = [
  { id: 'entry', title: 'Entry' },
  { id: 'results', title: 'Results' },
  { id: 'caveats', title: 'Caveats' },
  { id: 'documents', title: 'Documents' },
  { id: 'library', title: 'Library' },
  { id: 'cohort', title: 'Cohort' },
]
/** Screens that need no open case. */
const CASELESS: readonly Screen[] = ['library', 'cohort']

// What the first screen (a case's entry) does not show loads on first use: the first page stays small.
const CohortScreen = lazy(() => import('../features/cohort/cohort-screen.tsx'))
const DocumentsScreen = lazy(() => import('../features/documents/documents-screen.tsx'))
const ResultsScreen = lazy(() => import('../features/results/results-screen.tsx').then((m) => ({ default: m.ResultsScreen })))
const CaveatsScreen = lazy(() => import('../features/caveats/caveats-screen.tsx').then((m) => ({ default: m.CaveatsScreen })))
const LibraryScreen = lazy(() => import('../features/library/library-screen.tsx').then((m) => ({ default: m.LibraryScreen })))
const AmendDialog = lazy(() => import('../features/documents/amend-dialog.tsx').then((m) => ({ default: m.AmendDialog })))
const loading = <p className="muted" role="status">Loading…</p>

/** Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo everywhere, text boxes included: the store holds what was typed. */
export function useUndoShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutIn(e, ['undo', 'redo'])
      if (!action) return
      e.preventDefault()
      useAppStore.getState()[action]()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

export function App() {
  useUndoShortcuts()
  const draft = useAppStore(selectOpenDraft)
  const openId = useAppStore((s) => s.openId)
  const [screen, setScreen] = useState<Screen>(draft ? 'entry' : 'library')
  const shown = draft || CASELESS.includes(screen) ? screen : 'library'
  const openFromCohort = (id: string) => {
    useAppStore.getState().openCase(id)
    setScreen('entry')
  }
  return (
    <div className="app">
      <TopBar draft={draft} screen={shown} onScreen={setScreen} />
      <StorageNotices />
      <main className="main" id="main">
        <Suspense fallback={loading}>
        {shown === 'cohort' ? (
          <ScreenBoundary title="Cohort" resetKeys={[shown]}>
            <CohortScreen onOpenCase={openFromCohort} />
          </ScreenBoundary>
        ) : draft && shown !== 'library' ? (
          // A case that cannot be shown says so here; the top bar, the library and every other case stay usable.
          <CaseBoundary caseId={openId!} resetKeys={[draft, shown]} onRemoved={() => setScreen('library')}>
            <OpenCase draft={draft} screen={shown} onScreen={setScreen} />
          </CaseBoundary>
        ) : (
          <ScreenBoundary title="Library" resetKeys={[shown]}>
            <LibraryScreen onOpened={() => setScreen('entry')} />
          </ScreenBoundary>
        )}
        </Suspense>
      </main>
      <Suspense fallback={null}>
        <AmendDialog />
      </Suspense>
      <BaselineDialog />
    </div>
  )
}

/** The open case's screens; the team app shows the same ones for a case from the server. */
export function OpenCase({ draft, screen, onScreen, readOnly: readOnlyHere = false }: { draft: CaseDraft; screen: Screen; onScreen: (s: Screen) => void; readOnly?: boolean }) {
  const criteria = useAppStore((s) => s.selectedCriteria)
  const analysis: CaseAnalysis = useCaseAnalysis(draft, criteria)
  const labels = useMemo(() => new Map(draft.timepoints.map((t, i) => [t.id, timepointTitle(t, i)])), [draft.timepoints])
  // Shared by both matrices: a response picked while entering opens its explanation.
  const [selection, setSelection] = useState<CellSelection | null>(null)
  const explain = useCallback(
    (cell: CellSelection) => {
      setSelection(cell)
      onScreen('results')
    },
    [onScreen],
  )
  // A library saved by a newer version is read-only, as is a server case the user may not change (a monitor,
  // a locked case): the fields are shown disabled, so nothing looks changed that cannot be saved.
  const readOnly = useAppStore(selectReadOnly) || readOnlyHere
  return (
    <ProblemsContext.Provider value={analysis.problemsByPath}>
      {screen === 'entry' &&
        (readOnly ? (
          <fieldset className="read-only-case" disabled aria-label="Read-only case">
            <EntryScreen draft={draft} analysis={analysis} timepointLabels={labels} onExplain={explain} />
          </fieldset>
        ) : (
          <EntryScreen draft={draft} analysis={analysis} timepointLabels={labels} onExplain={explain} />
        ))}
      {screen === 'results' && <ResultsScreen draft={draft} analysis={analysis} timepointLabels={labels} selection={selection} onSelect={setSelection} readOnly={readOnly} />}
      {screen === 'caveats' && <CaveatsScreen draft={draft} analysis={analysis} />}
      {screen === 'documents' && <DocumentsScreen draft={draft} analysis={analysis} timepointLabels={labels} />}
    </ProblemsContext.Provider>
  )
}

function TopBar({ draft, screen, onScreen }: { draft: CaseDraft | null; screen: Screen; onScreen: (s: Screen) => void }) {
  const canUndo = useAppStore((s) => s.past.length > 0)
  const canRedo = useAppStore((s) => s.future.length > 0)
  const { undo, redo } = useAppStore.getState()
  return (
    <header className="topbar">
      <h1>Caliper</h1>
      <span className="case-title" aria-label="Open case">{draft ? draft.patient.id || '(no patient ID)' : 'No case open'}</span>
      <nav aria-label="Screens" className="tabs">
        {SCREENS.map((s) => (
          <button key={s.id} type="button" aria-current={screen === s.id ? 'page' : undefined} disabled={!draft && !CASELESS.includes(s.id)} onClick={() => onScreen(s.id)}>
            {s.title}
          </button>
        ))}
      </nav>
      <span className="spacer" />
      <KeyboardHelp />
      <button type="button" onClick={undo} disabled={!canUndo} {...shortcutProps('undo', 'Undo')}>Undo</button>
      <button type="button" onClick={redo} disabled={!canRedo} {...shortcutProps('redo', 'Redo')}>Redo</button>
      <button type="button" disabled={!draft} onClick={() => draft && downloadText(caseFileName(draft), caseFileText(draft))}>
        Export JSON
      </button>
    </header>
  )
}
