import { CheckField, SelectField, TextField } from '../../components/fields.tsx'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { addNewLesion, deleteNewLesion, setIn } from './draft-edits.ts'
import { timepointTitle } from './grid-model.ts'

/** New lesions, each at the timepoint it was first seen; an equivocal one can be confirmed later. */
export function NewLesionsEditor({ draft }: { draft: CaseDraft }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const entries = draft.newLesions ?? []
  const timepointOptions = draft.timepoints.map((t, i) => ({ value: t.id, label: timepointTitle(t, i) }))
  const lastFollowUp = draft.timepoints.at(-1)

  return (
    <section className="panel" aria-labelledby="new-lesions-title">
      <h2 id="new-lesions-title">New lesions</h2>
      {entries.length === 0 && <p className="muted">None recorded.</p>}
      {entries.map((n, i) => {
        const at = (field: string) => ['newLesions', i, field]
        const set = (field: string, value: unknown) => edit((d) => setIn(d, at(field), value), `newLesions.${i}.${field}`)
        const confirmable = entries
          .map((other, j) => ({ other, j }))
          .filter(({ other, j }) => j !== i && other.equivocal)
          .map(({ other, j }) => ({ value: String(j), label: `#${j + 1} ${other.organ || '(no organ)'} at ${other.timepoint}` }))
        return (
          <div className="row new-lesion" key={i} role="group" aria-label={`New lesion ${i + 1}`}>
            <span className="muted">#{i + 1}</span>
            <SelectField label="Seen at" path={at('timepoint')} value={n.timepoint} options={timepointOptions} onChange={(v) => set('timepoint', v)} />
            <TextField label="Organ" path={at('organ')} value={n.organ} onChange={(v) => set('organ', v)} />
            <CheckField label="Equivocal" path={at('equivocal')} checked={n.equivocal ?? false} onChange={(v) => set('equivocal', v)} />
            <TextField className="grow" label="Note" path={at('note')} value={n.note ?? ''} onChange={(v) => set('note', v)} />
            <SelectField
              label="Confirms"
              path={at('confirms')}
              value={n.confirms === undefined ? '' : String(n.confirms)}
              options={[{ value: '', label: '— nothing —' }, ...confirmable]}
              onChange={(v) => set('confirms', v === '' ? undefined : Number(v))}
            />
            <button type="button" className="small danger" aria-label={`Delete new lesion ${i + 1}`} onClick={() => edit((d) => deleteNewLesion(d, i))}>Delete</button>
          </div>
        )
      })}
      <button type="button" disabled={!lastFollowUp || draft.timepoints.length < 2} onClick={() => lastFollowUp && edit((d) => addNewLesion(d, lastFollowUp.id))}>
        + New lesion
      </button>
    </section>
  )
}
