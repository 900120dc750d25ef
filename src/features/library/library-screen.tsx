import { useState, type DragEvent } from 'react'
import { MAX_FILE_BYTES, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { selectReadOnly, useAppStore, type AppState } from '../../store/app-store.ts'
import { EXAMPLES } from '../../store/examples.ts'
import { readCaseFile } from './case-file.ts'

const tooLarge: ParseResult<never> = { ok: false, problems: [{ path: '(root)', message: `is larger than the ${MAX_FILE_BYTES / 1048576} MB limit for a case file` }] }

type Notice = { kind: 'ok'; text: string; undo?: boolean } | { kind: 'error'; file: string; problems: Problem[] }

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

  const importFiles = async (files: FileList | null) => {
    const file = files?.[0]
    if (!file || readOnly) return
    // Checked before reading, so a wrong multi-gigabyte file cannot stall the tab.
    const result = file.size > MAX_FILE_BYTES ? tooLarge : readCaseFile(await file.text())
    if (!result.ok) {
      setNotice({ kind: 'error', file: file.name, problems: result.problems })
      return
    }
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
        <table className="library-table">
          <caption className="visually-hidden">Saved cases</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Diagnosis</th>
              <th scope="col">Timepoints</th>
              <th scope="col">Lesions</th>
              <th scope="col">Last change</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([id, entry]) => {
              const name = entry.draft.patient.id || '(no patient ID)'
              return (
                <tr key={id} className={id === openId ? 'current' : undefined}>
                  <th scope="row">
                    {name}
                    {id === openId && <span className="badge open">open</span>}
                  </th>
                  <td>{entry.draft.patient.diagnosis}</td>
                  <td>{entry.draft.timepoints.length}</td>
                  <td>{entry.draft.lesions.length}</td>
                  <td>{new Date(entry.updatedAt).toLocaleString()}</td>
                  <td className="actions">
                    <button type="button" aria-label={`Open ${name}`} onClick={() => { openCase(id); onOpened() }}>Open</button>
                    <button type="button" disabled={readOnly} aria-label={`Duplicate ${name}`} onClick={() => { duplicateCase(id); setNotice({ kind: 'ok', text: `Duplicated ${name}.`, undo: true }) }}>Duplicate</button>
                    <button type="button" className="danger" disabled={readOnly} aria-label={`Delete ${name}`} onClick={() => { deleteCase(id); setNotice({ kind: 'ok', text: `Deleted ${name}.`, undo: true }) }}>Delete</button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
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
                <li key={i}>
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

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
