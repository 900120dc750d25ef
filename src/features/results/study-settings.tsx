import { CheckField, SelectField, TextField } from '../../components/fields.tsx'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { setIn } from '../entry/draft-edits.ts'
import { asText } from '../entry/grid-model.ts'

/** The study's confirmation and timing rules (case-format.md "settings"); the schema fills in what is left empty. */
export function StudySettings({ draft }: { draft: CaseDraft }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const s = draft.settings ?? {}
  const set = (field: string, value: unknown) => edit((d) => setIn(d, ['settings', field], value), `settings.${field}`)
  const at = (field: string) => ['settings', field]
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Study settings</h2>
      <div className="row">
        <SelectField
          label="Confirmation of CR/PR"
          path={at('confirmation')}
          value={asText(s.confirmation ?? 'required')}
          options={[
            { value: 'required', label: 'required (non-randomised trial, response endpoint)' },
            { value: 'not-required', label: 'not required' },
          ]}
          onChange={(v) => set('confirmation', v)}
        />
        <TextField label="Confirmation interval (days)" path={at('confirmationMinDays')} inputMode="numeric" placeholder="28" value={asText(s.confirmationMinDays)} onChange={(v) => set('confirmationMinDays', v)} />
        <TextField label="SD minimum (days)" path={at('sdMinDays')} inputMode="numeric" placeholder="42" value={asText(s.sdMinDays)} onChange={(v) => set('sdMinDays', v)} />
        <TextField label="NE allowed before confirmation" path={at('maxNeBetween')} inputMode="numeric" placeholder="1" value={asText(s.maxNeBetween)} onChange={(v) => set('maxNeBetween', v)} />
        <CheckField label="Accept one SD between PR and its confirmation" path={at('acceptSdBetween')} checked={s.acceptSdBetween ?? false} onChange={(v) => set('acceptSdBetween', v)} />
      </div>
    </section>
  )
}
