/**
 * The adjudicator's own read: started from reader 1's read, reader 2's, or the blank read the
 * readers started from, and edited in the app's own entry screen (the same grid, patient form,
 * new-lesion and biomarker editors, live responses and explanations as everywhere else).
 *
 * The entry screen edits the store's open case, so the own read is a second case in the store
 * (team mode keeps the store in memory only) and is the open case while the editor is shown; the
 * server's case is the open case again as soon as it is not. The own read stays in the store
 * when the editor is hidden (another choice, another tab), so nothing typed is lost until the
 * case is closed or adjudicated.
 */
import { useEffect, useState } from 'react'
import type { CaseInput } from '../../criteria/index.ts'
import { OpenCase, type Screen } from '../app/app.tsx'
import { blankRead } from '../documentation/double-reading.ts'
import { useAppStore } from '../store/app-store.ts'
import { CaseDraftSchema, type CaseDraft } from '../store/case-draft.ts'
import { selectCaseDraft, useServerCase } from './server-case.ts'

/** The own read's key in the store's library (never shown: the user sees "your own read"). */
const keyOf = (caseId: string) => `own-read:${caseId}`

/** The adjudicator's own read of this case as it stands, or null when none has been started. */
export const useOwnRead = (caseId: string): CaseDraft | null => useAppStore(selectCaseDraft(keyOf(caseId)))

/**
 * Starts (or starts again) the own read from a case file. Its sign-offs and audit log are left
 * behind: they are the reader's, and the adjudication signs the result itself. Starting again is
 * one undo step, so the read it replaces comes back with Undo.
 */
export function startOwnRead(caseId: string, file: CaseInput) {
  const { signOffs: _s, auditLog: _a, ...measured } = file
  const draft = CaseDraftSchema.parse(measured)
  const key = keyOf(caseId)
  const store = useAppStore.getState()
  if (store.openId === key) store.recordChange()
  useAppStore.setState((s) => ({ library: { ...s.library, [key]: { draft, updatedAt: new Date().toISOString() } }, openId: key, lastEditKey: null }))
}

/** While shown, the own read is the open case (what the entry screen edits); afterwards the server's case is again. */
function useOpenWhileShown(caseId: string, started: boolean) {
  useEffect(() => {
    if (!started) return
    const key = keyOf(caseId)
    // The undo history is of one case at a time: none of it crosses between the case and the own read.
    useAppStore.setState({ openId: key, past: [], future: [], lastEditKey: null })
    return () => {
      useAppStore.setState((s) => ({ openId: Object.hasOwn(s.library, caseId) ? caseId : s.openId === key ? null : s.openId, past: [], future: [], lastEditKey: null }))
    }
  }, [caseId, started])
}

export interface ReadSource {
  label: string
  file: CaseInput
}

/** Where an own read can start: each reader's read, and the blank read (the case without the assigned timepoints' measurements). */
export function useReadSources(reads: readonly { slot: number; reader: { displayName: string }; case: CaseInput | null }[], timepoints: readonly string[]): ReadSource[] {
  const saved = useServerCase((s) => s.opened?.saved ?? null)
  return [
    ...reads.flatMap((r) => (r.case ? [{ label: `Reader ${r.slot}'s read (${r.reader.displayName})`, file: r.case }] : [])),
    ...(saved ? [{ label: 'The blank read the readers started from', file: blankRead(saved, timepoints) }] : []),
  ]
}

/** Choose where to start, then edit the own read on the app's Entry and Results screens. */
export function OwnReadEditor({ caseId, sources }: { caseId: string; sources: readonly ReadSource[] }) {
  const own = useOwnRead(caseId)
  const [screen, setScreen] = useState<'entry' | 'results'>('entry')
  useOpenWhileShown(caseId, own !== null)
  return (
    <div className="own-read">
      <div role="group" aria-labelledby="own-read-start" className="row own-read-start">
        <span id="own-read-start">{own ? 'Start again from' : 'Start from'}</span>
        {sources.map((s) => (
          <button key={s.label} type="button" onClick={() => startOwnRead(caseId, s.file)}>{s.label}</button>
        ))}
      </div>
      {own && (
        <>
          <p className="muted small">
            Your read is edited here as any case is. Its responses under every criterion are shown beside the grid and beside the two reads (Both
            reads side by side). Starting again replaces it; Undo brings it back.
          </p>
          <nav aria-label="Your read's screens" className="tabs case-tabs">
            {(['entry', 'results'] as const).map((s) => (
              <button key={s} type="button" aria-current={screen === s ? 'page' : undefined} onClick={() => setScreen(s)}>{s === 'entry' ? 'Entry' : 'Results'}</button>
            ))}
          </nav>
          <OpenCase draft={own} screen={screen} onScreen={(s: Screen) => setScreen(s === 'results' ? 'results' : 'entry')} />
        </>
      )}
    </div>
  )
}
