/**
 * The case opened from the server: its id, version and the case file as last saved (the base of
 * a merge), with the draft itself in the app's store so that the entry, results and caveats
 * screens work on it exactly as in local mode.
 */
import { create } from 'zustand'
import type { CaseInput } from '../../criteria/index.ts'
import type { CaseDocument } from '../../server/api-schemas.ts'
import { useAppStore } from '../store/app-store.ts'
import { CaseDraftSchema, draftToInput, type CaseDraft } from '../store/case-draft.ts'
import { api } from './api.ts'

export interface OpenedCase {
  id: string
  kind: CaseDocument['kind']
  version: number
  locked: boolean
  /** The case file as the server holds it at `version`. */
  saved: CaseInput
}

interface ServerCaseState {
  opened: OpenedCase | null
  setOpened: (opened: OpenedCase | null) => void
}

export const useServerCase = create<ServerCaseState>()((set) => ({
  opened: null,
  setOpened: (opened) => set({ opened }),
}))

/** Puts a case file in the app's store as the only open case (team mode keeps no other case on the machine). */
export function showInStore(id: string, file: unknown, updatedAt = new Date().toISOString()) {
  const draft: CaseDraft = CaseDraftSchema.parse(file)
  useAppStore.setState({ library: { [id]: { draft, updatedAt } }, openId: id, past: [], future: [], lastEditKey: null, pendingAmendment: null })
}

/** Opens a document from the server: in the store for the screens, and its version for the next save. */
export function openDocument(doc: CaseDocument) {
  showInStore(doc.id, doc.case, doc.updatedAt)
  useServerCase.getState().setOpened({ id: doc.id, kind: doc.kind, version: doc.version, locked: doc.locked, saved: doc.case })
}

/** The server's case in the store by its id (the store may hold an adjudicator's own read beside it, own-read.tsx). */
export const selectCaseDraft = (id: string) => (s: { library: Record<string, { draft: CaseDraft }> }) => (Object.hasOwn(s.library, id) ? s.library[id]!.draft : null)

export const sameFile = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
export const fileOf = (draft: CaseDraft) => draftToInput(draft) as CaseInput

/** "lesions[0].assessments[1].longAxisMm" → ['lesions', 0, 'assessments', 1, 'longAxisMm']. */
export const pathKeys = (path: string): (string | number)[] =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!))

/** The reasons typed in the amend dialog since the last save (new audit-log entries of the file): the server wants one for signed-off data. */
export function amendmentReason(saved: CaseInput, file: CaseInput): string {
  const added = (file.auditLog ?? []).slice(saved.auditLog?.length ?? 0)
  return [...new Set(added.map((e) => e.reason))].join('; ')
}

/**
 * After a save: the new version, and the file as the server stored it. The server may add to
 * what was sent (its own audit-log records of signed-off changes); then, if nothing was typed
 * meanwhile, its version is opened, so that the next save and merge start from the truth.
 */
export async function settleSaved(opened: OpenedCase, sent: CaseInput, version: number) {
  useServerCase.getState().setOpened({ ...opened, version, saved: sent })
  const doc = await api.call('getCase', { id: opened.id }).catch(() => null)
  if (!doc || doc.version !== version || sameFile(doc.case, sent)) return
  const draft = useAppStore.getState().library[opened.id]?.draft
  if (draft && sameFile(fileOf(draft), sent)) openDocument(doc)
}
