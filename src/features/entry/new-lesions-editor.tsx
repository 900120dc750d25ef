import { LESION_KINDS } from '../../../criteria/index.ts'
import { CheckField, SelectField, TextField } from '../../components/fields.tsx'
import { shortcutProps } from '../../components/shortcuts.ts'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { MiniGrid } from './mini-grid.tsx'
import { addNewLesion, deleteNewLesion, setIn } from './draft-edits.ts'
import { requestFocus, useEntryShortcuts } from './entry-keys.ts'
import { asText, buildNewLesionGrid, showsPet, timepointTitle } from './grid-model.ts'

const KIND_OPTIONS = LESION_KINDS.map((v) => ({ value: v, label: v.replace(/-/g, ' ') }))

/**
 * New lesions, each at the timepoint it was first seen; an equivocal one can be confirmed later.
 * For iRECIST each has an id, a kind and its size, and is followed at later timepoints; for
 * PERCIST, whether it is FDG-avid and its SULpeak.
 */
export function NewLesionsEditor({ draft }: { draft: CaseDraft }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const entries = draft.newLesions ?? []
  const timepointOptions = draft.timepoints.map((t, i) => ({ value: t.id, label: timepointTitle(t, i) }))
  const lastFollowUp = draft.timepoints.at(-1)
  const pet = showsPet(draft)
  const canAdd = lastFollowUp !== undefined && draft.timepoints.length >= 2
  const add = () => {
    if (!lastFollowUp || !canAdd) return
    edit((d) => addNewLesion(d, lastFollowUp.id))
    requestFocus(`new-lesion-${entries.length}-organ`)
  }
  useEntryShortcuts({ newLesion: add })

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
          .map(({ other, j }) => ({ value: String(j), label: `#${j + 1} ${other.organ || '(no organ)'} at ${timepointOptions.find((o) => o.value === other.timepoint)?.label ?? other.timepoint}` }))
        return (
          <div className="new-lesion" key={i} role="group" aria-label={`New lesion ${i + 1}`}>
            <div className="row">
              <span className="muted">#{i + 1}</span>
              <SelectField label="Seen at" path={at('timepoint')} value={n.timepoint} options={timepointOptions} onChange={(v) => set('timepoint', v)} />
              <TextField className="w-id" label="ID" path={at('id')} value={n.id ?? ''} onChange={(v) => set('id', v === '' ? undefined : v)} />
              <TextField label="Organ" path={at('organ')} value={n.organ} onChange={(v) => set('organ', v)} focusKey={`new-lesion-${i}-organ`} />
              <SelectField label="Kind" path={at('kind')} value={n.kind ?? 'non-nodal'} options={KIND_OPTIONS} onChange={(v) => set('kind', v)} />
              <TextField className="w-num" label="Long axis (mm)" path={at('longAxisMm')} inputMode="decimal" value={asText(n.longAxisMm)} onChange={(v) => set('longAxisMm', v)} />
              <TextField className="w-num" label="Short axis (mm)" path={at('shortAxisMm')} inputMode="decimal" value={asText(n.shortAxisMm)} onChange={(v) => set('shortAxisMm', v)} />
              <CheckField label="Equivocal" path={at('equivocal')} checked={n.equivocal ?? false} onChange={(v) => set('equivocal', v)} />
              {(pet || n.fdgAvid !== undefined || n.sulPeak !== undefined) && (
                <>
                  {/* PERCIST counts a new lesion as FDG-avid unless the reader says otherwise. */}
                  <CheckField label="FDG-avid" path={at('fdgAvid')} checked={n.fdgAvid !== false} onChange={(v) => set('fdgAvid', v ? undefined : false)} />
                  <TextField className="w-num" label="SULpeak" path={at('sulPeak')} inputMode="decimal" value={asText(n.sulPeak)} onChange={(v) => set('sulPeak', v)} />
                </>
              )}
            </div>
            <div className="row">
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
            <FollowUp draft={draft} index={i} />
          </div>
        )
      })}
      <button type="button" disabled={!canAdd} onClick={add} {...shortcutProps('newLesion')}>
        + New lesion
      </button>
    </section>
  )
}

/** The new lesion at later timepoints, as a small grid: the same cells, keys and paste as the entry grid. */
function FollowUp({ draft, index }: { draft: CaseDraft; index: number }) {
  const { columns, rows } = buildNewLesionGrid(draft, index)
  if (rows.length === 0) return null
  return <MiniGrid label={`New lesion ${index + 1} at later timepoints`} corner="Later" columns={columns} rows={rows} />
}
