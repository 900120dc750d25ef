import { useMemo, useState } from 'react'
import type { CaseDocument } from '../../server/api-schemas.ts'
import { CaseDraftSchema } from '../store/case-draft.ts'
import { applyMerge, fieldNamer, planMerge, showValue } from './merge.ts'
import { showInStore, useServerCase, type OpenedCase } from './server-case.ts'

/**
 * Someone saved this case after it was opened here (409). Shows what they changed and what this
 * user changed; where both changed the same field, the user picks which value stays. "Merge"
 * puts the result in the editor on top of their version (nothing is saved until Save), "Take
 * theirs" drops this user's changes.
 */
export function MergeDialog({ opened, mine, current, onDone }: { opened: OpenedCase; mine: unknown; current: CaseDocument; onDone: (merged: boolean) => void }) {
  const plan = useMemo(() => planMerge(opened.saved, mine, current.case), [opened.saved, mine, current.case])
  const [keepMine, setKeepMine] = useState<boolean[]>(() => plan.conflicts.map(() => true))
  const nameOf = useMemo(() => fieldNamer(CaseDraftSchema.parse(current.case)), [current.case])
  const finish = (merged: unknown) => {
    showInStore(opened.id, merged, current.updatedAt)
    useServerCase.getState().setOpened({ ...opened, version: current.version, locked: current.locked, saved: current.case })
    onDone(merged !== current.case)
  }
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="merge-title" className="modal merge-dialog">
        <h2 id="merge-title">Someone else saved this case</h2>
        <p>
          Version {current.version} was saved on the server after you opened version {opened.version}. Nothing was overwritten. Choose what to keep, then save again.
        </p>
        <h3>Their changes ({plan.theirs.length})</h3>
        <ul className="merge-list" aria-label="Their changes">
          {plan.theirs.map((c) => <li key={c.path}>{nameOf(c.keys)}: {showValue(c.old)} → {showValue(c.new)}</li>)}
        </ul>
        <h3>Your changes that fit in ({plan.clean.length})</h3>
        <ul className="merge-list" aria-label="Your changes that fit in">
          {plan.clean.map((c) => <li key={c.path}>{nameOf(c.keys)}: {showValue(c.old)} → {showValue(c.new)}</li>)}
        </ul>
        {plan.conflicts.length > 0 && (
          <fieldset className="merge-conflicts">
            <legend>Changed by both of you ({plan.conflicts.length}): which value stays?</legend>
            {plan.conflicts.map((c, i) => {
              const name = nameOf(c.mine.keys)
              const theirs = c.theirs.length === 1 && c.theirs[0]!.path === c.mine.path ? showValue(c.theirs[0]!.new) : c.theirs.map((t) => `${nameOf(t.keys)} → ${showValue(t.new)}`).join('; ')
              return (
                <div key={c.mine.path} role="radiogroup" aria-label={name} className="merge-conflict">
                  <strong>{name}</strong>
                  <label className="check"><input type="radio" name={`conflict-${i}`} checked={keepMine[i]} onChange={() => setKeepMine((k) => k.map((v, j) => (j === i ? true : v)))} /> Yours: {showValue(c.mine.new)}</label>
                  <label className="check"><input type="radio" name={`conflict-${i}`} checked={!keepMine[i]} onChange={() => setKeepMine((k) => k.map((v, j) => (j === i ? false : v)))} /> Theirs: {theirs}</label>
                </div>
              )
            })}
          </fieldset>
        )}
        <div className="row">
          <button type="button" className="primary" onClick={() => finish(applyMerge(current.case, plan, keepMine))}>Merge</button>
          <button type="button" onClick={() => finish(current.case)}>Take theirs (drop my changes)</button>
        </div>
      </div>
    </div>
  )
}
