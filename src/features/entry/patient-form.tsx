import { TextField } from '../../components/fields.tsx'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { setIn } from './draft-edits.ts'

export function PatientForm({ draft }: { draft: CaseDraft }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const set = (path: string[], value: string) => edit((d) => setIn(d, path, value), path.join('.'))
  return (
    <section className="panel patient" aria-labelledby="patient-title">
      <h2 id="patient-title">Patient</h2>
      <div className="row">
        <TextField label="Patient ID" path={['patient', 'id']} value={draft.patient.id} onChange={(v) => set(['patient', 'id'], v)} focusKey="patient-id" />
        <TextField label="Diagnosis" path={['patient', 'diagnosis']} value={draft.patient.diagnosis ?? ''} onChange={(v) => set(['patient', 'diagnosis'], v)} />
        <TextField label="Therapy start" path={['therapyStart']} value={draft.therapyStart ?? ''} placeholder="YYYY-MM-DD" onChange={(v) => set(['therapyStart'], v)} />
      </div>
      <TextField className="grow" label="Notes" path={['patient', 'notes']} value={draft.patient.notes ?? ''} onChange={(v) => set(['patient', 'notes'], v)} />
    </section>
  )
}
