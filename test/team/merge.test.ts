import { applyMerge, fieldNamer, planMerge, showValue } from '../../src/team/merge.ts'
import { pathKeys } from '../../src/team/server-case.ts'
import { CaseDraftSchema } from '../../src/store/case-draft.ts'
import { smallCase } from '../app/helpers.tsx'

const base = { a: 1, b: { c: 2, d: 3 }, list: [{ x: 1 }, { x: 2 }] }

describe('three-way merge of case files', () => {
  it.each([
    ['only they changed a field: theirs, nothing of mine', { ...base }, { ...base, a: 9 }, { clean: 0, conflicts: 0 }, { ...base, a: 9 }],
    ['we changed different fields: both kept', { ...base, a: 5 }, { ...base, b: { c: 7, d: 3 } }, { clean: 1, conflicts: 0 }, { ...base, a: 5, b: { c: 7, d: 3 } }],
    ['we made the same change: no conflict', { ...base, a: 5 }, { ...base, a: 5 }, { clean: 1, conflicts: 0 }, { ...base, a: 5 }],
    ['we changed the same field differently: a conflict, mine kept when chosen', { ...base, a: 5 }, { ...base, a: 6 }, { clean: 0, conflicts: 1 }, { ...base, a: 5 }],
    ['I removed a field they left alone: removed', { a: 1, list: base.list, b: { c: 2 } }, { ...base, a: 6 }, { clean: 1, conflicts: 0 }, { a: 6, list: base.list, b: { c: 2 } }],
    ['I added to a list inside which they edited: one conflict on the whole list', { ...base, list: [...base.list, { x: 3 }] }, { ...base, list: [{ x: 1 }, { x: 8 }] }, { clean: 0, conflicts: 1 }, { ...base, list: [...base.list, { x: 3 }] }],
  ])('%s', (_, mine, theirs, counts, merged) => {
    const plan = planMerge(base, mine, theirs)
    expect({ clean: plan.clean.length, conflicts: plan.conflicts.length }).toEqual(counts)
    expect(applyMerge(theirs, plan, plan.conflicts.map(() => true))).toEqual(merged)
    // Choosing theirs for every conflict keeps their value there.
    if (plan.conflicts.length) expect(applyMerge(theirs, plan, plan.conflicts.map(() => false))).toEqual(theirs)
  })

  it('never changes the versions it merges', () => {
    const theirs = { ...base, a: 6 }
    const frozen = JSON.stringify(theirs)
    applyMerge(theirs, planMerge(base, { ...base, b: { c: 0, d: 3 } }, theirs), [])
    expect(JSON.stringify(theirs)).toBe(frozen)
  })
})

describe('fields named as the user sees them', () => {
  const draft = CaseDraftSchema.parse(smallCase())
  const name = fieldNamer(draft)
  it.each([
    ['lesions[0].assessments[1].longAxisMm', 'L1 long axis (mm) at Week 8'],
    ['lesions[0].assessments[2].status', 'L1 status at Week 13'],
    ['timepoints[1].date', 'Date of Week 8'],
    ['patient.diagnosis', 'Patient diagnosis'],
    ['lesions[0].organ', 'L1 organ'],
    ['lesions', 'the lesions (added or removed)'],
    ['settings.sdMinDays', 'Study settings SD minimum duration (days)'],
    ['newLesions[0].organ', 'New lesion 1 organ'],
  ])('%s → %s', (path, expected) => expect(name(pathKeys(path))).toBe(expected))

  it.each([
    [undefined, '(empty)'],
    ['', '(empty)'],
    [12.5, '12.5'],
    [[1, 2], '2 items'],
    [[1], '1 item'],
    [{ a: 1 }, '1 field'],
    [{ a: 1, b: 2 }, '2 fields'],
  ])('value %j reads %s', (value, expected) => expect(showValue(value)).toBe(expected))
})
