import { blankCase } from '../../src/store/case-draft.ts'
import { addLesion, addNewLesion, addTimepoint, setIn, setLesionKind } from '../../src/features/entry/draft-edits.ts'
import { buildGrid, buildNewLesionGrid, matchOption, parseTsv, pasteBlock, TARGET_STATUS_OPTIONS } from '../../src/features/entry/grid-model.ts'

const draft = () => addLesion(addLesion(addTimepoint(addTimepoint(blankCase())), 'target'), 'non-target')

describe('entry grid model', () => {
  it('has the timepoint rows (with WHO\'s estimate of non-measurable disease, as the case has a non-target), six rows per target and two per non-target', () => {
    const rows = buildGrid(draft())
    expect(rows.map((r) => r.field)).toEqual([
      'Date', 'Label', 'Modality', 'Contrast phase', 'Tube voltage (kVp)', 'Slice thickness (mm)', 'Non-measurable disease, estimated change (%)',
      'Long axis (mm)', 'Short axis (mm)', 'Attenuation (HU)', 'Cavity (mm)', 'Status', 'Findings',
      'Status', 'Further increase (iRECIST)',
    ])
    expect(rows.every((r) => r.cells.length === 3)).toBe(true)
  })

  it('adds the PET rows (8 per timepoint, SULpeak and TLG per lesion) once a timepoint is PET-CT', () => {
    const d = setIn(draft(), ['timepoints', 1, 'modality'], 'PET-CT')
    const rows = buildGrid(d)
    expect(rows.map((r) => r.field)).toEqual([
      'Date', 'Label', 'Modality', 'Contrast phase', 'Tube voltage (kVp)', 'Slice thickness (mm)', 'Non-measurable disease, estimated change (%)',
      'Liver SULmean', 'Liver SUL SD', 'Liver abnormal', 'Blood pool SULmean', 'Blood pool SUL SD', 'Uptake time (min)', 'Glucose (mg/dL)', 'Injected activity (MBq)',
      'Long axis (mm)', 'Short axis (mm)', 'Attenuation (HU)', 'Cavity (mm)', 'Status', 'Findings', 'SULpeak', 'TLG',
      'Status', 'Further increase (iRECIST)', 'SULpeak', 'TLG',
    ])
    // Only the PET-CT column takes PET values.
    expect(rows.find((r) => r.field === 'SULpeak')!.cells.map((c) => c.disabled)).toEqual(['Only for PET-CT timepoints', undefined, 'Only for PET-CT timepoints'])
  })

  it('a bone lesion, target or not, gets a Bone findings row (and a bone target the volume rows, issue #14)', () => {
    const d = setLesionKind(setLesionKind(draft(), 0, 'bone'), 1, 'bone')
    expect(buildGrid(d).slice(7).map((r) => r.field)).toEqual(['Long axis (mm)', 'Short axis (mm)', 'Attenuation (HU)', 'Cavity (mm)', 'Third axis (mm)', 'Volume (mL)', 'Status', 'Findings', 'Bone findings', 'Status', 'Further increase (iRECIST)', 'Bone findings'])
  })

  it('a further increase (iRECIST) is pasted as yes / no, and "no" leaves nothing recorded', () => {
    const d = setIn(draft(), ['timepoints', 0, 'date'], '2026-01-05')
    const rows = buildGrid(d)
    const next = pasteBlock(d, rows, rows.findIndex((r) => r.key === 'lesion-1-furtherIncrease'), 0, [['no', 'Yes', 'true']])
    expect(next.lesions[1]!.assessments).toEqual([
      { timepoint: 't1', status: 'present', furtherIncrease: true },
      { timepoint: 't2', status: 'present', furtherIncrease: true },
    ])
  })

  it('a new lesion’s follow-up grid has a column per later timepoint, and takes a pasted block', () => {
    const d = addNewLesion(draft(), 't1')
    const { columns, rows } = buildNewLesionGrid(d, 0)
    expect(columns).toEqual(['Timepoint 3'])
    expect(rows.map((r) => r.field)).toEqual(['Status', 'Long axis (mm)', 'Short axis (mm)'])
    const next = pasteBlock(d, rows, 0, 0, parseTsv('Unequivocal progression\n\n8\n'))
    expect(next.newLesions![0]!.assessments).toEqual([{ timepoint: 't2', status: 'unequivocal-progression', longAxisMm: '', shortAxisMm: '8' }])
    expect(buildNewLesionGrid(addNewLesion(d, 't2'), 1).rows).toEqual([])
  })

  it('reads spreadsheet clipboard text, with Windows line ends and a trailing newline', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']])
  })

  it('matches pasted option text by value or label, and keeps unknown text as typed', () => {
    expect(matchOption(TARGET_STATUS_OPTIONS, 'Too small')).toBe('too-small')
    expect(matchOption(TARGET_STATUS_OPTIONS, 'absent')).toBe('absent')
    expect(matchOption(TARGET_STATUS_OPTIONS, 'gone')).toBe('gone')
  })

  it('a pasted block fills dates across timepoints and measurements down a lesion', () => {
    let d = draft()
    d = pasteBlock(d, buildGrid(d), 0, 0, parseTsv('2026-01-05\t2026-03-02\t2026-04-27\nBaseline\tWeek 8\tWeek 16\textra'))
    expect(d.timepoints.map((t) => [t.date, t.label])).toEqual([
      ['2026-01-05', 'Baseline'],
      ['2026-03-02', 'Week 8'],
      ['2026-04-27', 'Week 16'],
    ])
    const rows = buildGrid(d)
    const longAxisRow = rows.findIndex((r) => r.field === 'Long axis (mm)')
    // The empty middle line clears the short axis (an empty text is "not given").
    d = pasteBlock(d, rows, longAxisRow, 0, parseTsv('30\t24\t20\n\t\t\n50\t40\t35'))
    expect(d.lesions[0]!.assessments).toEqual([
      { timepoint: 't0', status: 'measured', longAxisMm: '30', shortAxisMm: '', attenuationHu: '50' },
      { timepoint: 't1', status: 'measured', longAxisMm: '24', shortAxisMm: '', attenuationHu: '40' },
      { timepoint: 't2', status: 'measured', longAxisMm: '20', shortAxisMm: '', attenuationHu: '35' },
    ])
  })

  it('a status cell writes the lesion role’s vocabulary', () => {
    const d = setIn(draft(), ['timepoints', 0, 'date'], '2026-01-05')
    const rows = buildGrid(d)
    const nonTargetStatus = rows.findIndex((r) => r.key === 'lesion-1-status')
    const next = pasteBlock(d, rows, nonTargetStatus, 0, [['present', 'Unequivocal progression']])
    expect(next.lesions[1]!.assessments.map((a) => a.status)).toEqual(['present', 'unequivocal-progression'])
  })
})
