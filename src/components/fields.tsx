/** Labelled form controls that show the schema's message for their path beside themselves. */
import { useId, type ReactNode } from 'react'
import { FieldError, useProblems } from './problems.tsx'

type Path = readonly (string | number)[]

interface Common {
  label: string
  path?: Path
  help?: ReactNode
  className?: string
}

function useDescribed(path: Path | undefined, help: ReactNode) {
  const id = useId()
  const problems = useProblems(path ?? null)
  const describedBy = [help ? `${id}-help` : '', problems.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return { id, problems, describedBy }
}

export function TextField({ label, path, help, className, value, onChange, placeholder, inputMode, type = 'text', focusKey }: Common & { value: string; onChange: (v: string) => void; placeholder?: string; inputMode?: 'decimal' | 'numeric' | 'text'; type?: 'text' | 'search'; focusKey?: string }) {
  const { id, problems, describedBy } = useDescribed(path, help)
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} data-focus-key={focusKey} type={type} value={value} placeholder={placeholder} inputMode={inputMode} aria-invalid={problems.length > 0 || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} />
      {help && <span id={`${id}-help`} className="help">{help}</span>}
      <FieldError id={`${id}-error`} messages={problems} />
    </div>
  )
}

export function SelectField({ label, path, help, className, value, onChange, options }: Common & { value: string; onChange: (v: string) => void; options: readonly { value: string; label: string }[] }) {
  const { id, problems, describedBy } = useDescribed(path, help)
  const known = options.some((o) => o.value === value)
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-invalid={problems.length > 0 || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
        {/* A value that is not an option (a typo in an imported or pasted file) stays visible until changed. */}
        {!known && <option value={value}>{value === '' ? '— choose —' : value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {help && <span id={`${id}-help`} className="help">{help}</span>}
      <FieldError id={`${id}-error`} messages={problems} />
    </div>
  )
}

export function CheckField({ label, path, help, className, checked, onChange }: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const { id, problems, describedBy } = useDescribed(path, help)
  return (
    <div className={`field check-field ${className ?? ''}`}>
      <span className="check">
        <input id={id} type="checkbox" checked={checked} aria-invalid={problems.length > 0 || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </span>
      {help && <span id={`${id}-help`} className="help">{help}</span>}
      <FieldError id={`${id}-error`} messages={problems} />
    </div>
  )
}
