import { BONE_APPEARANCES, LESION_KINDS, LESION_ROLES } from '../../../criteria/index.ts'
import { CheckField, SelectField, TextField } from '../../components/fields.tsx'
import type { DraftLesion } from '../../store/case-draft.ts'
import { asText, lesionTitle } from './grid-model.ts'

const options = (values: readonly string[]) => values.map((v) => ({ value: v, label: v.replace(/-/g, ' ') }))
const KIND_OPTIONS = options(LESION_KINDS)
const ROLE_OPTIONS = options(LESION_ROLES)
const APPEARANCE_OPTIONS = [{ value: '', label: '— choose —' }, ...options(BONE_APPEARANCES)]

/** A lesion's own fields (row header of the entry grid): identity, kind, role and actions. */
export function LesionHeader({
  lesion,
  index,
  count,
  onChange,
  onRole,
  onKind,
  onMove,
  onDelete,
}: {
  lesion: DraftLesion
  index: number
  count: number
  onChange: (path: (string | number)[], value: unknown) => void
  onRole: (role: string) => void
  onKind: (kind: string) => void
  onMove: (to: number) => void
  onDelete: () => void
}) {
  const at = (...rest: (string | number)[]) => ['lesions', index, ...rest]
  const title = lesionTitle(lesion, index)
  return (
    <div className="lesion-fields" role="group" aria-label={`Lesion ${title}`}>
      <div className="lesion-line">
        <TextField className="w-id" label="ID" path={at('id')} value={lesion.id} onChange={(v) => onChange(['id'], v)} />
        <TextField className="grow" label="Name" path={at('name')} value={lesion.name} onChange={(v) => onChange(['name'], v)} focusKey={`lesion-${index}-name`} />
      </div>
      <div className="lesion-line">
        <TextField className="grow" label="Organ" path={at('organ')} value={lesion.organ} onChange={(v) => onChange(['organ'], v)} />
        <SelectField label="Kind" path={at('kind')} value={lesion.kind} options={KIND_OPTIONS} onChange={onKind} />
        <SelectField label="Role" path={at('role')} value={lesion.role} options={ROLE_OPTIONS} onChange={onRole} />
      </div>
      {lesion.kind === 'bone' && (
        <div className="lesion-line">
          <SelectField
            label="Bone appearance"
            path={at('bone', 'appearance')}
            value={asText(lesion.bone?.appearance)}
            options={APPEARANCE_OPTIONS}
            onChange={(v) => onChange(['bone', 'appearance'], v || undefined)}
          />
          <CheckField label="Soft-tissue component" path={at('bone', 'softTissueComponent')} checked={lesion.bone?.softTissueComponent ?? false} onChange={(v) => onChange(['bone', 'softTissueComponent'], v)} />
        </div>
      )}
      <PrimaryTumourFields lesion={lesion} at={at} onChange={onChange} />
      <div className="lesion-line">
        <CheckField label="Cystic" path={at('cystic')} checked={lesion.cystic ?? false} onChange={(v) => onChange(['cystic'], v || undefined)} />
        <CheckField label="Previously irradiated" path={at('previouslyIrradiated')} checked={lesion.previouslyIrradiated ?? false} onChange={(v) => onChange(['previouslyIrradiated'], v || undefined)} />
      </div>
      <div className="lesion-line actions">
        <button type="button" className="small" aria-label={`Move ${title} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>↑</button>
        <button type="button" className="small" aria-label={`Move ${title} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>↓</button>
        <button type="button" className="small danger" aria-label={`Delete ${title}`} onClick={onDelete}>Delete</button>
      </div>
    </div>
  )
}

const SITE_OPTIONS = [{ value: '', label: '— not stated —' }, { value: 'axial', label: 'axial (pelvis, spine, sacrum…)' }, { value: 'appendicular', label: 'appendicular' }]
const RESECTABLE_OPTIONS = [{ value: '', label: '— not stated —' }, { value: 'true', label: 'yes' }, { value: 'false', label: 'no' }]

/**
 * Issue #14: the lesion is the primary tumour; for a bone primary, where in the skeleton and
 * whether it can be resected (an unresectable axial one may not be evaluable by size and density).
 */
function PrimaryTumourFields({ lesion, at, onChange }: { lesion: DraftLesion; at: (...rest: (string | number)[]) => (string | number)[]; onChange: (path: (string | number)[], value: unknown) => void }) {
  const p = lesion.primaryTumour
  return (
    <div className="lesion-line">
      <CheckField label="Primary tumour" path={at('primaryTumour')} checked={p !== undefined} onChange={(v) => onChange(['primaryTumour'], v ? {} : undefined)} />
      {p !== undefined && lesion.kind === 'bone' && (
        <SelectField label="Skeleton" path={at('primaryTumour', 'site')} value={asText(p.site)} options={SITE_OPTIONS} onChange={(v) => onChange(['primaryTumour', 'site'], v || undefined)} />
      )}
      {p !== undefined && (
        <SelectField
          label="Resectable"
          path={at('primaryTumour', 'resectable')}
          value={p.resectable === undefined ? '' : String(p.resectable)}
          options={RESECTABLE_OPTIONS}
          onChange={(v) => onChange(['primaryTumour', 'resectable'], v === '' ? undefined : v === 'true')}
        />
      )}
    </div>
  )
}
