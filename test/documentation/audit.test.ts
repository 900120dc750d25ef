import { parseCase, type CaseInput } from '../../criteria/index.ts'
import { applyEdit, parsePath, signOff, timepointsOfPath } from '../../src/documentation/audit.ts'
import { caseInput } from '../fixtures/build.ts'

const AT = '2026-03-10T09:00:00Z'
const base = (): CaseInput => caseInput({ targets: [{ values: [50, 30] }], nonTargets: [['present', 'present']], newLesions: [{ at: 1 }] })
const signed = (): CaseInput => {
  const r = signOff(base(), { timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-02-20' })
  if (!r.ok) throw new Error(JSON.stringify(r.problems))
  return r.value
}

describe('sign-off', () => {
  it('adds a sign-off that parses', () => {
    const kase = signed()
    expect(kase.signOffs).toEqual([{ timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-02-20' }])
    expect(parseCase(kase).ok).toBe(true)
  })
  it.each([
    ['an unknown timepoint', { timepoint: 't9', assessor: 'A', role: 'r', date: '2026-03-01' }, 'signOffs[0].timepoint: names no timepoint: "t9"'],
    ['a date before the scan', { timepoint: 't1', assessor: 'A', role: 'r', date: '2026-01-01' }, "signOffs[0].date: must not be before the timepoint's date 2026-02-16"],
    ['an empty assessor', { timepoint: 't1', assessor: ' ', role: 'r', date: '2026-03-01' }, "signOffs[0].assessor: must be the assessor's name"],
  ])('refuses %s, naming the path', (_name, signature, line) => {
    const r = signOff(base(), signature)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([line])
  })
  it('refuses a second sign-off of one timepoint by the same assessor', () => {
    const r = signOff(signed(), { timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-02-21' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.path).toBe('signOffs[1].assessor')
  })
})

describe('edits and the audit log', () => {
  it('changes unsigned data without logging', () => {
    const r = applyEdit(signed(), { path: 'lesions[0].assessments[0].longAxisMm', value: 52, who: 'B', at: AT })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.logged).toBeNull()
    expect(r.value.lesions[0]!.assessments[0]!.longAxisMm).toBe(52)
    expect(r.value.auditLog).toBeUndefined()
  })
  it("refuses to change a signed timepoint's data without a reason, and changes nothing", () => {
    const kase = signed()
    const before = JSON.stringify(kase)
    const r = applyEdit(kase, { path: 'lesions[0].assessments[1].longAxisMm', value: 31, who: 'B', at: AT, reason: '  ' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems).toEqual([{ path: 'lesions[0].assessments[1].longAxisMm', message: 'belongs to signed-off timepoint "t1": give a reason to change it' }])
    expect(JSON.stringify(kase)).toBe(before)
  })
  it('with a reason, applies the change and logs who, when, field, old → new and reason', () => {
    const r = applyEdit(signed(), { path: 'lesions[0].assessments[1].longAxisMm', value: 31, who: 'Dr B', at: AT, reason: 'remeasured on thinner slices' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const entry = { at: AT, who: 'Dr B', field: 'lesions[0].assessments[1].longAxisMm', old: 30, new: 31, reason: 'remeasured on thinner slices' }
    expect(r.logged).toEqual(entry)
    expect(r.value.auditLog).toEqual([entry])
    expect(parseCase(r.value).ok).toBe(true)
  })
  it.each([
    ['a timepoint field', 'timepoints[1].kvp', 100],
    ['a new lesion at the signed timepoint', 'newLesions[0].organ', 'lung'],
    ['a lesion field (it is assessed at the signed timepoint)', 'lesions[0].organ', 'lung'],
    ['a case-wide setting', 'settings', { confirmation: 'not-required' }],
    ['therapy start', 'therapyStart', '2026-01-06'],
  ])('treats %s as signed data', (_name, path, value) => {
    expect(applyEdit(signed(), { path, value, who: 'B', at: AT }).ok).toBe(false)
    const r = applyEdit(signed(), { path, value, who: 'B', at: AT, reason: 'correction' })
    expect(r.ok && r.logged?.field).toBe(path)
  })
  it('logs a removal (no new value) and an append (no old value)', () => {
    const removed = applyEdit(signed(), { path: 'lesions[0].assessments[1].attenuationHu', value: 40, who: 'B', at: AT, reason: 'r' })
    expect(removed.ok).toBe(true)
    if (!removed.ok) return
    const r = applyEdit(removed.value, { path: 'newLesions[0]', value: undefined, who: 'B', at: '2026-03-11T00:00:00Z', reason: 'was a scar' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.newLesions).toEqual([])
    expect(r.logged).toEqual({ at: '2026-03-11T00:00:00Z', who: 'B', field: 'newLesions[0]', old: { timepoint: 't1', organ: 'liver', equivocal: false }, reason: 'was a scar' })
    expect(r.value.auditLog).toHaveLength(2)
  })
  it('refuses an edit that would make the case invalid, naming the path', () => {
    const r = applyEdit(signed(), { path: 'lesions[0].assessments[0].longAxisMm', value: -1, who: 'B', at: AT })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.path).toBe('lesions[0].assessments[0].longAxisMm')
  })
  it('refuses an audit entry earlier than the one before it', () => {
    const first = applyEdit(signed(), { path: 'timepoints[1].kvp', value: 100, who: 'B', at: AT, reason: 'r' })
    if (!first.ok) throw new Error('first edit refused')
    const r = applyEdit(first.value, { path: 'timepoints[1].kvp', value: 110, who: 'B', at: '2026-03-01T00:00:00Z', reason: 'r' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.path).toBe('auditLog[1].at')
  })
  it.each([
    ['a malformed path', 'lesions[0]..organ', /not a JSON path/],
    ['the audit log itself', 'auditLog[0].reason', /only through/],
    ['a path past the end of a list', 'lesions[5].organ', /does not exist/],
  ])('refuses %s', (_name, path, message) => {
    const r = applyEdit(signed(), { path, value: 'x', who: 'B', at: AT, reason: 'r' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.message).toMatch(message)
  })
  it('an unchanged value is no edit', () => {
    const kase = signed()
    const r = applyEdit(kase, { path: 'lesions[0].assessments[1].longAxisMm', value: 30, who: 'B', at: AT })
    expect(r).toEqual({ ok: true, value: kase, logged: null })
  })
})

describe('paths', () => {
  it('parses the JSON paths the engine writes', () => {
    expect(parsePath('lesions[2].assessments[0].longAxisMm')).toEqual(['lesions', 2, 'assessments', 0, 'longAxisMm'])
    expect(parsePath('settings')).toEqual(['settings'])
    for (const bad of ['', '[0]', 'a.', 'a[x]', 'a b']) expect(parsePath(bad)).toBeNull()
  })
  it('knows which timepoints an assessment path belongs to', () => {
    const kase = base()
    expect([...timepointsOfPath(kase, kase, ['lesions', 0, 'assessments', 0, 'longAxisMm'])]).toEqual(['t0'])
    expect([...timepointsOfPath(kase, kase, ['lesions', 0, 'name'])].sort()).toEqual(['t0', 't1'])
  })
})
