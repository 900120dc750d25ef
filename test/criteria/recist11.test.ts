import { testCriterion, resultOf } from '../harness/criterion-tester.ts'

const R = 'recist11'

testCriterion(R, [
  // §4.3.1 PR: ≥ 30 % below the baseline sum (inclusive), tested on both sides.
  { name: 'exactly −30.00 % from baseline is PR', spec: { targets: [{ values: [100, 70] }] }, response: 'PR', rule: 'recist11.target.pr-vs-baseline' },
  { name: '−29.99 % from baseline is SD', spec: { targets: [{ values: [100, 70.01] }] }, response: 'SD', rule: 'recist11.target.sd' },
  { name: 'PR is exact on sums that are not round: 33.33 → 23.33 mm is PR', spec: { targets: [{ values: [33.33, 23.33] }] }, response: 'PR' },
  { name: 'PR is exact on sums that are not round: 33.33 → 23.34 mm is SD', spec: { targets: [{ values: [33.33, 23.34] }] }, response: 'SD' },
  // §4.3.1 PD: ≥ 20 % AND ≥ 5 mm over the nadir, both inclusive.
  { name: '+20 % and exactly +5 mm over nadir is PD', spec: { targets: [{ values: [25, 30] }] }, response: 'PD', rule: 'recist11.target.pd-vs-nadir' },
  { name: '+20 % but only +4.99 mm over nadir is SD', spec: { targets: [{ values: [24.95, 29.94] }] }, response: 'SD' },
  { name: '+19.99 % and +10 mm over nadir is SD', spec: { targets: [{ values: [50.02, 60.02] }] }, response: 'SD' },
  { name: '+20.00 % and +10 mm over nadir is PD', spec: { targets: [{ values: [50, 60] }] }, response: 'PD' },
  { name: 'PD is measured from the nadir, not from baseline', spec: { targets: [{ values: [100, 60, 72] }] }, response: 'PD' },
  { name: 'the nadir skips incomplete timepoints (spec A-R5)', spec: { targets: [{ values: [50, 20, 45] }, { values: [50, 'not-evaluated', 50] }, { values: [50, 50, 50] }] }, response: 'SD', check: (r) => expect(r.timepoints[1]!.nadirSumMm).toBe(150) },
  { name: 'a nadir of 0 needs only the +5 mm: 0 → 5 mm is PD', spec: { targets: [{ values: [20, 'absent', 5] }], nonTargets: [['present', 'present', 'present']] }, response: 'PD' },
  { name: 'a nadir of 0: 0 → 4.99 mm is not PD (CR not confirmed, lesion back)', spec: { targets: [{ values: [20, 'absent', 4.99] }] }, response: 'PR', findings: ['reappearance-after-unconfirmed-cr'] },
  // §4.3.1 CR: non-nodal targets 0 mm and nodes < 10 mm short axis.
  { name: 'nodes under 10 mm with non-nodal targets gone is CR with a non-zero sum', spec: { targets: [{ values: [30, 'absent'] }, { kind: 'lymph-node', values: [20, 9.99] }] }, response: 'CR', check: (r) => expect(r.timepoints[0]!.sumMm).toBe(9.99) },
  { name: 'a node of exactly 10 mm blocks CR', spec: { targets: [{ values: [30, 'absent'] }, { kind: 'lymph-node', values: [20, 10] }] }, response: 'PR' },
  { name: 'target CR with non-targets present is PR (Table 1)', spec: { targets: [{ values: [30, 'absent'] }], nonTargets: [['present', 'present']] }, response: 'PR', targetResponse: 'CR' },
  { name: 'target CR with non-targets all absent is CR (Table 1)', spec: { targets: [{ values: [30, 'absent'] }], nonTargets: [['present', 'absent']] }, response: 'CR' },
  { name: 'target CR with a non-target not evaluated is PR (Table 1)', spec: { targets: [{ values: [30, 'absent'] }], nonTargets: [['present', 'not-evaluated']] }, response: 'PR' },
  { name: 'target SD with a non-target not evaluated is SD (Table 1)', spec: { targets: [{ values: [30, 30] }], nonTargets: [['present', 'not-evaluated']] }, response: 'SD' },
  { name: 'unequivocal non-target progression is PD whatever the targets (Table 1)', spec: { targets: [{ values: [30, 10] }], nonTargets: [['present', 'unequivocal-progression']] }, response: 'PD', targetResponse: 'PR', rule: 'recist11.non-target.pd' },
  { name: 'a new lesion is PD whatever the targets (Table 1)', spec: { targets: [{ values: [30, 10] }], newLesions: [{ at: 1 }] }, response: 'PD', rule: 'recist11.new-lesion' },
  // Table 2: non-target disease only.
  { name: 'non-target only, persisting: NON-CR/NON-PD (Table 2)', spec: { nonTargets: [['present', 'present']] }, response: 'NON-CR/NON-PD', targetResponse: null },
  { name: 'non-target only, all gone: CR (Table 2)', spec: { nonTargets: [['present', 'absent']] }, response: 'CR' },
  { name: 'non-target only, not evaluated: NE (Table 2)', spec: { nonTargets: [['present', 'not-evaluated']] }, response: 'NE' },
  { name: 'non-target only with a new lesion: PD (Table 2)', spec: { nonTargets: [['present', 'present']], newLesions: [{ at: 1 }] }, response: 'PD' },
  // §4.4 / spec §1.10 missing targets.
  { name: 'missing target: measured ones alone prove PD', spec: { targets: [{ values: [20, 40] }, { values: [15, 40] }, { values: [15, 'not-evaluated'] }] }, response: 'PD', rule: 'recist11.target.pd-with-missing-targets' },
  { name: 'missing target: measured ones do not prove PD, so NE', spec: { targets: [{ values: [20, 15] }, { values: [15, 15] }, { values: [15, 'not-evaluated'] }] }, response: 'NE', rule: 'recist11.target.not-all-evaluated' },
  { name: 'a target with no assessment at a timepoint counts as not evaluated', spec: { targets: [{ values: [20, 15] }, { values: [15] }], nonTargets: [['present', 'present']] }, response: 'NE' },
  // §4.3.2: too small = 5 mm, absent = 0 mm, split lesions add up.
  { name: 'too small counts 5 mm: 5 + 0 + 8 vs 37 is PR, not CR', spec: { targets: [{ values: [12, 'too-small'] }, { values: [10, 'absent'] }, { values: [15, 8] }] }, response: 'PR', check: (r) => expect(r.timepoints[0]!.sumMm).toBe(13) },
  { name: 'a split lesion is the sum of its fragments (6 + 7 = 13 mm)', spec: { targets: [{ values: [20, { fragments: [6, 7] }] }] }, check: (r) => expect(r.timepoints[0]!.sumMm).toBe(13) },
  // PD before PR: baseline 100, nadir 50, now 65 meets both wordings.
  { name: 'PD is checked before PR (100 → 50 → 65)', spec: { targets: [{ values: [100, 50, 65] }] }, response: 'PD' },
  // Reappearance after CR (Table 3 footnote; EORTC FAQ).
  { name: 'a lesion reappearing after a confirmed CR is PD even under 5 mm', spec: { targets: [{ values: [40, 'absent', 'absent', 4] }] }, response: 'PD', rule: 'recist11.target.reappearance-after-cr' },
  { name: 'confirmation not required: one CR is definitive, so reappearance is PD', spec: { targets: [{ values: [40, 'absent', 4] }], settings: { confirmation: 'not-required' } }, response: 'PD', rule: 'recist11.target.reappearance-after-cr' },
  // Spec A-R2, PR persistence (EORTC FAQ "Managing PR…"): 100 → 70 → 70 → 80.
  { name: 'PR persists after a confirmed PR while PD is not met (eortc_faq_continuing)', spec: { targets: [{ values: [100, 70, 70, 80] }] }, response: 'PR', rule: 'recist11.target.pr-persistence' },
  { name: 'PR does not persist with prPersistence strict_baseline', spec: { targets: [{ values: [100, 70, 70, 80] }], options: { recist11: { prPersistence: 'strict_baseline' } } }, response: 'SD' },
  { name: 'an unconfirmed PR does not persist (confirmation interval not reached)', spec: { targets: [{ values: [100, 70, 70, 80] }], dayOffsets: [0, 42, 60, 100] }, response: 'SD' },
  // Spec A-R6, nodal CR while the sum grows.
  { name: 'nodes 6 + 6 → 9 + 9 after a nadir: CR with nodalCrPrecedence (default)', spec: { targets: [{ kind: 'lymph-node', values: [20, 6, 9] }, { kind: 'lymph-node', values: [20, 6, 9] }] }, response: 'CR', findings: ['nodal-cr-with-sum-increase'] },
  { name: 'nodes 6 + 6 → 9 + 9 after a nadir: PD without nodalCrPrecedence', spec: { targets: [{ kind: 'lymph-node', values: [20, 6, 9] }, { kind: 'lymph-node', values: [20, 6, 9] }], options: { recist11: { nodalCrPrecedence: false } } }, response: 'PD' },
  // §4.3.3 equivocal new lesions.
  { name: 'an equivocal new lesion alone is not PD', spec: { targets: [{ values: [30, 30] }], newLesions: [{ at: 1, equivocal: true }] }, response: 'SD', findings: ['equivocal-new-lesion'] },
  { name: 'an equivocal new lesion confirmed later dates PD back to its first sighting', spec: { targets: [{ values: [30, 30, 30] }], newLesions: [{ at: 1, equivocal: true, note: 'segment 6' }, { at: 2, note: 'segment 6' }] }, at: 1, response: 'PD', findings: ['new-lesion-confirmed-later'] },
  { name: 'confirmation by index ("confirms") also dates PD back', spec: { targets: [{ values: [30, 30, 30] }], newLesions: [{ at: 1, equivocal: true, note: 'a' }, { at: 2, note: 'b', confirms: 0 }] }, at: 1, response: 'PD' },
  { name: 'a later new lesion in another organ does not confirm an equivocal one', spec: { targets: [{ values: [30, 30, 30] }], newLesions: [{ at: 1, equivocal: true }, { at: 2, organ: 'bone' }] }, at: 1, response: 'SD' },
  // Baseline completeness.
  { name: 'a target with no baseline measurement makes every target response NE', spec: { targets: [{ values: [20, 10] }, { values: ['not-evaluated', 10] }] }, response: 'NE', findings: ['target-missing-at-baseline'] },
  // Best overall response (Table 3), through the case.
  { name: 'BOR: PR confirmed 42 days later is a confirmed PR', spec: { targets: [{ values: [100, 60, 60] }] }, best: { response: 'PR', confirmed: true, timepoint: 't1' } },
  { name: 'BOR: PR then SD is SD (Table 3)', spec: { targets: [{ values: [100, 60, 75] }], options: { recist11: { prPersistence: 'strict_baseline' } } }, best: { response: 'SD' } },
  { name: 'BOR: a single PR without confirmation requirement is PR', spec: { targets: [{ values: [100, 60] }], settings: { confirmation: 'not-required' } }, best: { response: 'PR' } },
  { name: 'BOR: SD before the minimum duration then PD is PD', spec: { targets: [{ values: [100, 100, 130] }], dayOffsets: [0, 30, 60], settings: { sdMinDays: 42 } }, best: { response: 'PD' } },
  { name: 'BOR: SD exactly at the minimum duration counts', spec: { targets: [{ values: [100, 100, 130] }], dayOffsets: [0, 42, 84], settings: { sdMinDays: 42 } }, best: { response: 'SD' } },
])

describe('recist11 measurability and selection findings (RECIST 1.1 §3.1, §4.2)', () => {
  const findingsOf = (spec: Parameters<typeof resultOf>[1]) => resultOf(R, spec).findings.map((f) => f.code)
  it.each([
    ['LD 12 mm on 8 mm slices is under the 16 mm threshold', 12, 8, true],
    ['LD 16 mm on 8 mm slices meets 2 × slice thickness', 16, 8, false],
    ['LD 15.99 mm on 8 mm slices is under it', 15.99, 8, true],
    ['LD 10 mm on 5 mm slices is measurable', 10, 5, false],
    ['LD 9.99 mm on 5 mm slices is not', 9.99, 5, true],
  ] as const)('%s', (_n, ld, slice, flagged) => {
    const codes = findingsOf({ targets: [{ values: [ld, ld] }], timepoint: { sliceThicknessMm: slice } })
    expect(codes.includes('target-below-threshold')).toBe(flagged)
  })
  it.each([
    ['node 15.0 mm is target-eligible', 15, false],
    ['node 14.99 mm is pathological but non-target', 14.99, true],
    ['node 10.0 mm is pathological but non-target', 10, true],
    ['node 9.99 mm is normal', 9.99, true],
  ] as const)('%s', (_n, sa, flagged) => {
    expect(findingsOf({ targets: [{ kind: 'lymph-node', values: [sa, sa] }] }).includes('node-target-below-15mm')).toBe(flagged)
  })
  it('chest X-ray lesions need 20 mm: 19.99 flagged, 20 not', () => {
    expect(findingsOf({ targets: [{ values: [19.99, 19.99] }], timepoint: { modality: 'X-ray' } })).toContain('target-below-threshold')
    expect(findingsOf({ targets: [{ values: [20, 20] }], timepoint: { modality: 'X-ray' } })).not.toContain('target-below-threshold')
  })
  it('applySliceRuleToNodes raises the node threshold to 2 × slice thickness', () => {
    const spec = { targets: [{ kind: 'lymph-node' as const, values: [16, 16] }], timepoint: { sliceThicknessMm: 9 } }
    expect(findingsOf(spec)).not.toContain('node-target-below-15mm')
    expect(findingsOf({ ...spec, options: { recist11: { applySliceRuleToNodes: true } } })).toContain('node-target-below-15mm')
  })
  it('a blastic bone target is flagged; a lytic one with soft tissue is not', () => {
    expect(findingsOf({ targets: [{ kind: 'bone', bone: { appearance: 'blastic', softTissueComponent: false }, values: [30, 30] }] })).toContain('blastic-bone-target')
    expect(findingsOf({ targets: [{ kind: 'bone', bone: { appearance: 'lytic', softTissueComponent: true }, values: [30, 30] }] })).toEqual([])
  })
  it('a mixed bone target without a soft-tissue component is flagged', () => {
    expect(findingsOf({ targets: [{ kind: 'bone', bone: { appearance: 'mixed', softTissueComponent: false }, values: [30, 30] }] })).toContain('bone-target-without-soft-tissue')
  })
  it('cystic and previously irradiated targets are flagged', () => {
    expect(findingsOf({ targets: [{ cystic: true, values: [30, 30] }] })).toContain('cystic-target')
    expect(findingsOf({ targets: [{ previouslyIrradiated: true, values: [30, 30] }] })).toContain('irradiated-target')
  })
  it('5 targets are allowed, 6 are too many; 2 per organ allowed, 3 too many', () => {
    const organs = ['liver', 'liver', 'lung', 'lung', 'adrenal', 'spleen']
    const t = (n: number) => organs.slice(0, n).map((organ) => ({ organ, values: [20, 20] }))
    expect(findingsOf({ targets: t(5) })).not.toContain('too-many-targets')
    expect(findingsOf({ targets: t(6) })).toContain('too-many-targets')
    expect(findingsOf({ targets: [{ values: [20, 20] }, { values: [20, 20] }] })).not.toContain('too-many-targets-in-organ')
    expect(findingsOf({ targets: [{ values: [20, 20] }, { values: [20, 20] }, { organ: 'Liver ', values: [20, 20] }] })).toContain('too-many-targets-in-organ')
  })
  it('all lymph nodes count as one organ, whatever their site', () => {
    const node = (organ: string) => ({ kind: 'lymph-node' as const, organ, values: [20, 20] })
    expect(findingsOf({ targets: [node('axilla'), node('mediastinum'), node('groin')] })).toContain('too-many-targets-in-organ')
  })
  it('a change of modality from baseline is flagged', () => {
    expect(findingsOf({ targets: [{ values: [20, 20] }], timepoints: { 1: { modality: 'MRI' } } })).toContain('modality-changed')
  })
})

describe('recist11 cavitation (spec §9.4, Crabb 2009)', () => {
  const spec = { targets: [{ organ: 'lung', values: [20, { ld: 20, cavity: 12, findings: ['cavitation' as const] }] }] }
  it('measures the outer diameter by default and reports the cavity-adjusted sum beside it', () => {
    const tp = resultOf(R, spec).timepoints[0]!
    expect([tp.response, tp.sumMm, tp.cavityAdjustedSumMm]).toEqual(['SD', 20, 8])
  })
  it('cavity_adjusted mode sums outer minus cavity (8 mm, −60 % → PR)', () => {
    const tp = resultOf(R, { ...spec, options: { recist11: { cavitationMode: 'cavity_adjusted' } } }).timepoints[0]!
    expect([tp.response, tp.sumMm, tp.changeFromBaselinePct]).toEqual(['PR', 8, -60])
  })
})

describe('recist11 explanations', () => {
  it('names the sums, the reference values and the rule', () => {
    const tp = resultOf(R, { targets: [{ values: [50, 30] }], nonTargets: [['present', 'present']] }).timepoints[0]!
    expect(tp).toMatchObject({ sumMm: 30, baselineSumMm: 50, nadirSumMm: 50, changeFromBaselinePct: -40, changeFromNadirPct: -40, rule: 'recist11.target.pr-vs-baseline' })
    expect(tp.explanation.join(' ')).toMatch(/30 mm.*baseline 50 mm/)
  })
  it('records every option applied, defaults included', () => {
    expect(resultOf(R, { targets: [{ values: [50, 30] }] }).options).toEqual({ prPersistence: 'eortc_faq_continuing', nodalCrPrecedence: true, applySliceRuleToNodes: false, cavitationMode: 'outer_ld' })
  })
})
