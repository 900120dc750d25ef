import { useEffect, useState } from 'react'
import { allowed, type CaseSummary } from '../../server/api-schemas.ts'
import { CaseTable } from '../components/case-table.tsx'
import { problemText } from '../documentation/human-names.ts'
import { readableJson, readCaseFile } from '../features/library/read-case-file.ts'
import { draftToInput } from '../store/case-draft.ts'
import { EXAMPLES } from '../store/examples.ts'
import { api, ApiError } from './api.ts'
import { refreshCases, useTeam } from './session.ts'

const READING: Record<CaseSummary['reading'], string> = {
  none: 'not assigned',
  reading: 'being read',
  ready: 'both reads signed: to adjudicate',
  adjudicated: 'adjudicated',
}

/**
 * The server's library as this user may see it. A reader's is their worklist: their reads, with
 * the timepoints still to sign. A coordinator adds cases (a file or a built-in example).
 */
export function CaseList({ onOpen }: { onOpen: (c: CaseSummary) => void }) {
  const role = useTeam((s) => s.user!.role)
  const cases = useTeam((s) => s.cases)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    refreshCases().catch((e: ApiError) => setError(e.message))
  }, [])
  const reader = role === 'reader'
  const create = async (file: unknown) => {
    setError(null)
    try {
      const { id } = await api.call('createCase', { body: file })
      const list = await refreshCases()
      const created = list.find((c) => c.id === id)
      if (created) onOpen(created)
    } catch (e) {
      // Each problem named in the file's words (timepoint, lesion, field), never by its JSON path.
      setError(e instanceof ApiError ? [e.message, ...e.problems.map((p) => problemText(file, p))].join(' ') : String(e))
    }
  }
  const importFile = async (files: FileList | null) => {
    const file = files?.[0]
    if (!file) return
    const text = await file.text()
    const read = readCaseFile(text)
    if (!read.ok) return setError(`${file.name} was not added: ${read.problems.map((p) => problemText(readableJson(text), p)).join('; ')}`)
    await create(draftToInput(read.value))
  }
  const title = reader ? 'Your worklist' : 'Cases'
  return (
    <>
      <section className="panel" aria-labelledby="team-cases-title">
        <h2 id="team-cases-title">{title}</h2>
        <p className="muted">
          {reader
            ? 'The reads assigned to you. Each holds only your measurements; the other reader never sees them, and you never see theirs.'
            : 'Cases on your team\'s Caliper server.'}
        </p>
        {error && <p className="notice error" role="alert">{error}</p>}
        {cases === null ? (
          <p className="muted" role="status">Loading…</p>
        ) : cases.length === 0 ? (
          <p className="muted">{reader ? 'Nothing is assigned to you.' : 'No case yet.'}</p>
        ) : (
          <CaseTable
            caption={title}
            columns={[reader ? 'To sign' : 'Double reading', 'Version']}
            rows={cases.map((c) => ({
              key: c.id,
              patient: <>{c.patient}{c.locked && <span className="badge">locked</span>}</>,
              cells: [reader ? (c.toSign?.length ? `${c.toSign.length} ${c.toSign.length === 1 ? 'timepoint' : 'timepoints'}` : 'all signed') : READING[c.reading], c.version],
              updatedAt: c.updatedAt,
              actions: <button type="button" aria-label={`Open ${c.patient}`} onClick={() => onOpen(c)}>Open</button>,
            }))}
          />
        )}
      </section>
      {allowed('createCase', role) && (
        <section className="panel" aria-labelledby="add-case-title">
          <h2 id="add-case-title">Add a case</h2>
          <div className="row">
            <div className="field">
              <label htmlFor="team-import">Case file (JSON)</label>
              <input id="team-import" type="file" accept=".json,application/json" onChange={(e) => { void importFile(e.target.files); e.target.value = '' }} />
            </div>
          </div>
          <ul className="examples">
            {EXAMPLES.map((ex) => (
              <li key={ex.id}>
                <span>{ex.title}</span>
                <button type="button" onClick={() => void create(draftToInput(ex.draft))} aria-label={`Add the example: ${ex.title}`}>Add</button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
