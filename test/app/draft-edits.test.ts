import { blankCase, type CaseDraft } from '../../src/store/case-draft.ts'
import {
  addLesion,
  addNewLesion,
  addTimepoint,
  deleteNewLesion,
  deleteTimepoint,
  moveLesion,
  setAssessmentField,
  setAssessmentStatus,
  setIn,
  setLesionKind,
  setLesionRole,
  setLongAxis,
  setNewLesionAssessment,
  setTimepointPet,
  toggleFinding,
} from '../../src/features/entry/draft-edits.ts'

const twoTimepoints = (): CaseDraft => addTimepoint(blankCase())

describe('draft edits', () => {
  it('setIn copies only the path it changes and removes a key set to undefined', () => {
    const draft = twoTimepoints()
    const next = setIn(draft, ['timepoints', 1, 'label'], 'Week 8')
    expect(next.timepoints[1]!.label).toBe('Week 8')
    expect(next.timepoints[0]).toBe(draft.timepoints[0])
    expect(draft.timepoints[1]!.label).toBe('')
    expect(setIn(next, ['timepoints', 1, 'label'], undefined).timepoints[1]).not.toHaveProperty('label')
  })

  it('a new timepoint copies the previous technique and gets a fresh id', () => {
    const draft = setIn(blankCase(), ['timepoints', 0, 'kvp'], '100')
    const next = addTimepoint(draft)
    expect(next.timepoints[1]).toMatchObject({ id: 't1', date: '', modality: 'CT', contrastPhase: 'portal-venous', kvp: '100' })
  })

  it('typing a measurement where nothing was recorded creates a measured assessment', () => {
    const draft = addLesion(twoTimepoints())
    const next = setAssessmentField(draft, 0, 't1', 'longAxisMm', '1')
    expect(next.lesions[0]!.assessments).toEqual([{ timepoint: 't1', status: 'measured', longAxisMm: '1' }])
    expect(setAssessmentStatus(next, 0, 't1', '').lesions[0]!.assessments).toEqual([])
  })

  it('changing the role carries each status over and keeps the measurements', () => {
    let draft = addLesion(twoTimepoints())
    draft = setAssessmentField(draft, 0, 't0', 'longAxisMm', '20')
    draft = setAssessmentStatus(draft, 0, 't1', 'absent')
    const next = setLesionRole(draft, 0, 'non-target')
    expect(next.lesions[0]!.assessments).toEqual([
      { timepoint: 't0', status: 'present', longAxisMm: '20' },
      { timepoint: 't1', status: 'absent' },
    ])
  })

  it('a bone lesion gets a bone description; another kind loses it', () => {
    const draft = setLesionKind(addLesion(twoTimepoints()), 0, 'bone')
    expect(draft.lesions[0]!.bone).toEqual({ softTissueComponent: false })
    expect(setLesionKind(draft, 0, 'lymph-node').lesions[0]).not.toHaveProperty('bone')
  })

  it('findings toggle on and off, and the list disappears when empty', () => {
    const on = toggleFinding(addLesion(twoTimepoints()), 0, 't1', 'cavitation', true)
    expect(on.lesions[0]!.assessments[0]!.findings).toEqual(['cavitation'])
    expect(toggleFinding(on, 0, 't1', 'cavitation', false).lesions[0]!.assessments[0]).not.toHaveProperty('findings')
    const bone = toggleFinding(on, 0, 't1', 'sclerotic-rim', true, 'boneFindings')
    expect(bone.lesions[0]!.assessments[0]).toMatchObject({ findings: ['cavitation'], boneFindings: ['sclerotic-rim'] })
  })

  it('deleting a new lesion renumbers the confirms indices after it', () => {
    let draft = addTimepoint(twoTimepoints())
    draft = addNewLesion(addNewLesion(addNewLesion(draft, 't1'), 't1'), 't2')
    draft = setIn(draft, ['newLesions', 1, 'equivocal'], true)
    draft = setIn(draft, ['newLesions', 2, 'confirms'], 1)
    const next = deleteNewLesion(draft, 0)
    expect(next.newLesions![1]!.confirms).toBe(0)
    expect(deleteNewLesion(draft, 1).newLesions![1]).not.toHaveProperty('confirms')
  })

  it('deleting a timepoint removes what was recorded at it', () => {
    let draft = addLesion(addTimepoint(twoTimepoints()))
    draft = setAssessmentField(draft, 0, 't1', 'longAxisMm', '12')
    draft = addNewLesion(addNewLesion(draft, 't1'), 't2')
    draft = setNewLesionAssessment(draft, 0, 't2', 'longAxisMm', '9')
    const next = deleteTimepoint(draft, 1)
    expect(next.timepoints.map((t) => t.id)).toEqual(['t0', 't2'])
    expect(next.lesions[0]!.assessments).toEqual([])
    expect(next.newLesions).toEqual([{ timepoint: 't2', organ: '', equivocal: false }])
    expect(deleteTimepoint(draft, 2).newLesions![0]!.assessments).toEqual([])
  })

  it('a new lesion’s follow-up is created by a measurement and removed by an empty status', () => {
    const draft = addNewLesion(addTimepoint(twoTimepoints()), 't1')
    const measured = setNewLesionAssessment(draft, 0, 't2', 'longAxisMm', '14')
    expect(measured.newLesions![0]!.assessments).toEqual([{ timepoint: 't2', status: 'measured', longAxisMm: '14' }])
    expect(setNewLesionAssessment(measured, 0, 't2', 'status', 'increased').newLesions![0]!.assessments).toEqual([{ timepoint: 't2', status: 'increased', longAxisMm: '14' }])
    expect(setNewLesionAssessment(measured, 0, 't2', 'status', '').newLesions![0]!.assessments).toEqual([])
    expect(setNewLesionAssessment(draft, 0, 't2', 'status', '')).toBe(draft)
  })

  it('fragments typed in the long-axis cell replace the long axis, and a number replaces them', () => {
    const draft = setAssessmentField(addLesion(twoTimepoints()), 0, 't1', 'longAxisMm', '20')
    const split = setLongAxis(draft, 0, 't1', '12 + 8')
    expect(split.lesions[0]!.assessments).toEqual([{ timepoint: 't1', status: 'measured', fragmentsMm: '12 + 8' }])
    expect(setLongAxis(split, 0, 't1', '19').lesions[0]!.assessments).toEqual([{ timepoint: 't1', status: 'measured', longAxisMm: '19' }])
    expect(setLongAxis(addLesion(twoTimepoints()), 0, 't0', '5;4').lesions[0]!.assessments).toEqual([{ timepoint: 't0', status: 'measured', fragmentsMm: '5;4' }])
  })

  it('a PET value is set in the timepoint’s pet, which goes when nothing is left in it', () => {
    const next = setTimepointPet(twoTimepoints(), 1, 'liverSulMean', '2.1')
    expect(next.timepoints[1]!.pet).toEqual({ liverSulMean: '2.1' })
    expect(setTimepointPet(next, 1, 'liverSulMean', '').timepoints[1]).not.toHaveProperty('pet')
  })

  it('lesions reorder', () => {
    const draft = addLesion(addLesion(addLesion(twoTimepoints())), 'non-target')
    expect(moveLesion(draft, 2, 0).lesions.map((l) => l.id)).toEqual(['N1', 'L1', 'L2'])
  })
})
