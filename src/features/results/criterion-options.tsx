import { z } from 'zod'
import { CRITERIA, type Criterion } from '../../../criteria/index.ts'
import { CheckField, SelectField, TextField } from '../../components/fields.tsx'
import { useAppStore } from '../../store/app-store.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { setIn } from '../entry/draft-edits.ts'
import { asText } from '../entry/grid-model.ts'
import { humanize, optionValueText } from '../../documentation/human-names.ts'


/** One option as its criterion's schema describes it; the form is generated from this, never written by hand. */
export interface OptionSpec {
  key: string
  kind: 'enum' | 'boolean' | 'number'
  values?: string[]
  /** The words for each value of an enum (criteria/shared/choice.ts). */
  valueLabels?: Record<string, string>
  default: unknown
  description: string
  minimum?: number
  maximum?: number
}

interface JsonProperty {
  type?: string
  enum?: string[]
  valueLabels?: Record<string, string>
  default?: unknown
  description?: string
  minimum?: number
  maximum?: number
}

/** Reads the options from the criterion's Zod schema (through its JSON Schema, Zod's public description of itself). */
export function optionSpecs(criterion: Criterion): OptionSpec[] {
  const json = z.toJSONSchema(criterion.optionsSchema, { io: 'input' }) as { properties?: Record<string, JsonProperty> }
  return Object.entries(json.properties ?? {}).flatMap(([key, p]): OptionSpec[] => {
    const kind = p.enum ? 'enum' : p.type === 'boolean' ? 'boolean' : p.type === 'number' || p.type === 'integer' ? 'number' : null
    if (!kind) return []
    return [{ key, kind, values: p.enum, valueLabels: p.valueLabels, default: p.default, description: p.description ?? '', minimum: p.minimum, maximum: p.maximum }]
  })
}

const SPECS = new Map(CRITERIA.map((c) => [c.id, optionSpecs(c)]))

function CriterionOptionsForm({ criterion, draft, shown, onShown }: { criterion: Criterion; draft: CaseDraft; shown: boolean; onShown: (on: boolean) => void }) {
  const edit = useAppStore((s) => s.editOpenCase)
  const values = draft.criteriaOptions?.[criterion.id] ?? {}
  const set = (key: string, value: unknown) => edit((d) => setIn(d, ['criteriaOptions', criterion.id, key], value), `criteriaOptions.${criterion.id}.${key}`)
  const reset = () =>
    edit((d) => {
      if (!d.criteriaOptions?.[criterion.id]) return d
      const { [criterion.id]: _removed, ...rest } = d.criteriaOptions
      return { ...d, criteriaOptions: rest }
    })
  const titleId = `criterion-${criterion.id}-title`
  return (
    <section className="panel criterion" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {criterion.name} <span className="muted">({criterion.version})</span>
        {criterion.status === 'provisional' && <span className="badge">provisional</span>}
      </h3>
      <p className="citation muted">
        {criterion.reference.citation}
        {criterion.reference.doi && `. doi:${criterion.reference.doi}`}
      </p>
      <CheckField label={`Show ${criterion.name} in the results`} checked={shown} onChange={onShown} />
      {/* Closed by default: nine criteria's options at once would bury the results. */}
      <details className="criterion-options" open={Object.keys(values).length > 0 || undefined}>
        <summary>
          Options ({SPECS.get(criterion.id)!.length}){Object.keys(values).length > 0 && `, ${Object.keys(values).length} changed from the defaults`}
        </summary>
        <div className="options-grid">
          {SPECS.get(criterion.id)!.map((spec) => {
            const path = ['criteriaOptions', criterion.id, spec.key]
            const label = humanize(spec.key)
            const current = values[spec.key]
            const words = (value: unknown) => optionValueText(value, typeof value === 'string' ? spec.valueLabels?.[value] : undefined)
            const help = `${spec.description} Default: ${words(spec.default)}.`
            if (spec.kind === 'boolean')
              return <CheckField key={spec.key} label={label} path={path} help={help} checked={typeof current === 'boolean' ? current : Boolean(spec.default)} onChange={(v) => set(spec.key, v)} />
            if (spec.kind === 'enum')
              return (
                <SelectField
                  key={spec.key}
                  label={label}
                  path={path}
                  help={help}
                  value={asText(current ?? spec.default)}
                  options={spec.values!.map((v) => ({ value: v, label: v === spec.default ? `${words(v)} (default)` : words(v) }))}
                  onChange={(v) => set(spec.key, v)}
                />
              )
            return (
              <TextField
                key={spec.key}
                label={`${label}${spec.minimum !== undefined && spec.maximum !== undefined ? ` (${spec.minimum}–${spec.maximum})` : ''}`}
                path={path}
                help={help}
                inputMode="decimal"
                placeholder={asText(spec.default)}
                value={asText(current)}
                onChange={(v) => set(spec.key, v === '' ? undefined : v)}
              />
            )
          })}
        </div>
        <button type="button" onClick={reset} disabled={!draft.criteriaOptions?.[criterion.id]}>
          Reset {criterion.name} options to defaults
        </button>
      </details>
    </section>
  )
}

export function CriteriaOptions({ draft }: { draft: CaseDraft }) {
  const selected = useAppStore((s) => s.selectedCriteria)
  const setSelected = useAppStore((s) => s.setSelectedCriteria)
  const toggle = (id: string, on: boolean) => setSelected(CRITERIA.map((c) => c.id).filter((c) => (c === id ? on : selected.includes(c))))
  return (
    <section aria-labelledby="criteria-title">
      <h2 id="criteria-title">Criteria and their options</h2>
      <p className="muted">Each option is a documented choice where the publications leave room; the value is saved in the case file.</p>
      {CRITERIA.map((c) => (
        <CriterionOptionsForm key={c.id} criterion={c} draft={draft} shown={selected.includes(c.id)} onShown={(on) => toggle(c.id, on)} />
      ))}
    </section>
  )
}
