import { useState, type DragEvent } from 'react'
import { MAX_FILE_BYTES, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { CaseTable } from '../../components/case-table.tsx'
import { Modal } from '../../components/modal.tsx'
import { selectReadOnly, useAppStore, type AppState } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { casesWithPatient, freePatientId } from '../../store/library-slice.ts'
import { EXAMPLES } from '../../store/examples.ts'
import { readableJson, readCaseFile } from './read-case-file.ts'
import { dateTimeText, problemText } from '../../documentation/human-names.ts'
import { requestFocus } from '../entry/entry-keys.ts'

const tooLarge: ParseResult<never> = { ok: false, problems: [{ path: '(root)', message: `is larger than the ${MAX_FILE_BYTES / 1048576} MB limit for a case file` }] }


/** An imported case whose patient ID is already in the library, waiting for the user's choice. */
interface Clash {
  file: string
  draft: CaseDraft
  existing: string
}

type Notice = { kind: 'ok'; text: string; undo?: boolean } | { kind: 'error'; file: string; problems: Problem[]; raw: unknown }

const entryMatches = (query: string) => (entry: AppState['library'][string]) => {
  const q = query.trim().toLowerCase()
  if (!q) return true
  const p = entry.draft.patient
  return [p.id, p.diagnosis ?? '', p.notes ?? ''].some((text) => text.toLowerCase().includes(q))
}

export function LibraryScreen({ onOpened }: { onOpened: () => void }) {
  const library = useAppStore((s) => s.library)
  const openId = useAppStore((s) => s.openId)
  const { openCase, addCase, newCase, duplicateCase, deleteCase, undo } = useAppStore.getState()
  // A library saved by a newer version is read-only (the notice above says why): only opening and reading.
  const readOnly = useAppStore(selectReadOnly)
  const [query, setQuery] = useState('')
  const [notice, setNotice] = useState<Notice | null>(null)
  const [dragging, setDragging] = useState(false)
  const [clash, setClash] = useState<Clash | null>(null)

  const importFiles = async (files: FileList | null) => {
    const file = files?.[0]
    if (!file || readOnly) return
    // Checked before reading, so a wrong multi-gigabyte file cannot stall the tab.
    const bytes = file.size > MAX_FILE_BYTES ? null : new Uint8Array(await file.arrayBuffer())
    const result = bytes === null ? tooLarge : readCaseFile(bytes)
    const text = bytes === null ? '' : new TextDecoder().decode(bytes)
    if (!result.ok) {
      setNotice({ kind: 'error', file: file.name, problems: result.problems, raw: readableJson(text) })
      return
    }
    // A patient already in the library: replace that case, keep both, or cancel (the user decides).
    const same = casesWithPatient(library, result.value.patient.id)[0]
    if (same !== undefined) return setClash({ file: file.name, draft: result.value, existing: same })
    addCase(result.value)
    onOpened()
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    void importFiles(e.dataTransfer.files)
  }

  const entries = Object.entries(library)
    .filter(([, entry]) => entryMatches(query)(entry))
    .sort(([, a], [, b]) => b.updatedAt.localeCompare(a.updatedAt))

  return (
    <>
      <section className="panel" aria-labelledby="library-title">
        <h2 id="library-title">Case library</h2>
        <p className="muted">Cases are kept in this browser only. Export a case to keep or share it as a file.</p>
        <div className="row">
          <button
            type="button"
            className="primary"
            disabled={readOnly}
            onClick={() => {
              newCase()
              requestFocus('patient-id')
              onOpened()
            }}
          >
            New case
          </button>
          <div className="field grow">
            <label htmlFor="library-search">Search cases</label>
            <input id="library-search" type="search" value={query} placeholder="Patient ID, diagnosis or notes" onChange={(e) => setQuery(e.target.value)} />
          </div>
        </div>
        {notice?.kind === 'ok' && (
          <p className="notice ok" role="status">
            {notice.text}{' '}
            {notice.undo && (
              <button type="button" className="link" onClick={() => { undo(); setNotice(null) }}>
                Undo
              </button>
            )}
          </p>
        )}
        <CaseTable
          caption="Saved cases"
          columns={['Diagnosis', 'Timepoints', 'Lesions']}
          rows={entries.map(([id, entry]) => {
            const name = entry.draft.patient.id || '(no patient ID)'
            return {
              key: id,
              current: id === openId,
              patient: <>{name}{id === openId && <span className="badge open">open</span>}</>,
              cells: [entry.draft.patient.diagnosis, entry.draft.timepoints.length, entry.draft.lesions.length],
              updatedAt: entry.updatedAt,
              actions: (
                <>
                  <button type="button" aria-label={`Open ${name}`} onClick={() => { openCase(id); onOpened() }}>Open</button>
                  <button type="button" disabled={readOnly} aria-label={`Duplicate ${name}`} onClick={() => { const copy = duplicateCase(id); setNotice({ kind: 'ok', text: `Duplicated ${name} as ${copy ? useAppStore.getState().library[copy]?.draft.patient.id : name}.`, undo: true }) }}>Duplicate</button>
                  <button type="button" className="danger" disabled={readOnly} aria-label={`Delete ${name}`} onClick={() => { deleteCase(id); setNotice({ kind: 'ok', text: `Deleted ${name}.`, undo: true }) }}>Delete</button>
                </>
              ),
            }
          })}
        />
        {entries.length === 0 && <p className="muted">{query ? 'No case matches the search.' : 'The library is empty.'}</p>}
      </section>

      <section className="panel" aria-labelledby="import-title">
        <h2 id="import-title">Import a case file</h2>
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true) }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop a <code>tumor-response-case</code> JSON file here, or</p>
          <label htmlFor="import-file" className="file-label">Case file to import</label>{' '}
          <input id="import-file" type="file" accept=".json,application/json" disabled={readOnly} onChange={(e) => { void importFiles(e.target.files); e.target.value = '' }} />
        </div>
        {notice?.kind === 'error' && (
          <div className="notice error" role="alert">
            <p>
              <strong>{notice.file} was not imported</strong>: {notice.problems.length} {notice.problems.length === 1 ? 'problem' : 'problems'}. The library is unchanged.
            </p>
            <ul>
              {notice.problems.map((p, i) => (
                <li key={i}>{problemText(notice.raw, p)}</li>
              ))}
            </ul>
          </div>
        )}
      </section>

      {clash && <ClashDialog clash={clash} onDone={(opened) => { setClash(null); if (opened) onOpened() }} />}

      <section className="panel" aria-labelledby="examples-title">
        <h2 id="examples-title">Built-in examples</h2>
        <ul className="examples">
          {EXAMPLES.map((ex) => (
            <li key={ex.id}>
              <span>{ex.title}</span>
              <button type="button" disabled={readOnly} onClick={() => { addCase(ex.draft); onOpened() }} aria-label={`Open a copy of the example: ${ex.title}`}>
                Open a copy
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

/** Replace the case of the same patient, keep both (the new one with a visible suffix), or cancel. */
function ClashDialog({ clash, onDone }: { clash: Clash; onDone: (opened: boolean) => void }) {
  const library = useAppStore((s) => s.library)
  const { addCase, replaceCase } = useAppStore.getState()
  const patient = clash.draft.patient.id.trim()
  const existing = library[clash.existing]
  const suffixed = freePatientId(library, patient)
  const describe = (d: CaseDraft) => `${d.timepoints.length} timepoint${d.timepoints.length === 1 ? '' : 's'}, ${d.lesions.length} lesion${d.lesions.length === 1 ? '' : 's'}`
  return (
    <Modal title={`${patient} is already in the library`} titleId="clash-title" onCancel={() => onDone(false)}>
      <p>
        {clash.file} holds patient <strong>{patient}</strong> ({describe(clash.draft)}). The library has a case for this patient
        {existing ? ` (${describe(existing.draft)}, last changed ${dateTimeText(existing.updatedAt)})` : ''}.
      </p>
      <ul className="choice-list">
        <li>
          <button type="button" className="danger" onClick={() => { replaceCase(clash.existing, clash.draft); onDone(true) }}>Replace the case in the library</button>{' '}
          <span className="muted small">its data is overwritten by the file (Undo brings it back)</span>
        </li>
        <li>
          <button type="button" className="primary" data-autofocus onClick={() => { addCase({ ...clash.draft, patient: { ...clash.draft.patient, id: suffixed } }); onDone(true) }}>Keep both</button>{' '}
          <span className="muted small">the imported case becomes <strong>{suffixed}</strong></span>
        </li>
        <li>
          <button type="button" onClick={() => onDone(false)}>Cancel</button> <span className="muted small">import nothing</span>
        </li>
      </ul>
    </Modal>
  )
}
