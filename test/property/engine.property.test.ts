/**
 * Properties over generated valid cases (fast-check): every registered criterion answers from
 * its vocabulary and never throws; results do not depend on the order of the input arrays;
 * a new lesion makes PD; RECIST never improves when targets grow; a case survives a round trip.
 */
import fc from 'fast-check'
import { CRITERIA, evaluateCase, LEVEL_OF, parseCase, type CaseInput, type Evaluation } from '../../criteria/index.ts'

const ORGANS = ['lung', 'liver', 'pleura', 'bone', 'adrenal', 'lymph node']
const TARGET_STATUS = ['measured', 'measured', 'measured', 'measured', 'too-small', 'absent', 'not-evaluated'] as const
const NON_TARGET_STATUS = ['present', 'present', 'absent', 'unequivocal-progression', 'not-evaluated'] as const
const day = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10)
/** A measurement with at most one decimal, as CT workstations give them. */
const mm = (max: number) => fc.integer({ min: 0, max: max * 10 }).map((x) => x / 10)

const lesionValue = fc.record({
  status: fc.constantFrom(...TARGET_STATUS),
  longAxisMm: mm(150),
  shortFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  attenuationHu: fc.integer({ min: -50, max: 300 }),
  cavity: fc.option(mm(10), { nil: undefined }),
})

export const caseArbitrary = fc
  .record({
    gaps: fc.array(fc.integer({ min: 14, max: 120 }), { minLength: 1, maxLength: 7 }),
    phases: fc.constantFrom(['portal-venous'], ['portal-venous', 'arterial'], ['arterial']),
    kvps: fc.constantFrom([120], [120, 100]),
    targets: fc.array(
      fc.record({
        kind: fc.constantFrom('non-nodal', 'non-nodal', 'lymph-node', 'bone'),
        organ: fc.constantFrom(...ORGANS),
        blastic: fc.boolean(),
        values: fc.array(lesionValue, { minLength: 8, maxLength: 8 }),
      }),
      { maxLength: 6 },
    ),
    nonTargets: fc.array(fc.array(fc.constantFrom(...NON_TARGET_STATUS), { minLength: 8, maxLength: 8 }), { maxLength: 3 }),
    newLesions: fc.array(fc.record({ at: fc.integer({ min: 1, max: 7 }), equivocal: fc.boolean(), organ: fc.constantFrom(...ORGANS) }), { maxLength: 2 }),
    diagnosis: fc.constantFrom('osteosarcoma', 'renal cell carcinoma', undefined),
    choose: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map((g): CaseInput => {
    let offset = 0
    const dates = [0, ...g.gaps].map((gap) => day((offset += gap)))
    const timepoints = dates.map((date, i) => ({
      id: `t${i}`,
      date,
      modality: 'CT' as const,
      contrastPhase: g.phases[g.choose[i]! % g.phases.length]! as 'portal-venous' | 'arterial',
      kvp: g.kvps[g.choose[i]! % g.kvps.length]!,
      sliceThicknessMm: 5,
    }))
    return {
      format: 'tumor-response-case',
      version: 1,
      patient: { id: 'GEN', ...(g.diagnosis ? { diagnosis: g.diagnosis } : {}) },
      timepoints,
      lesions: [
        ...g.targets.map((t, li) => ({
          id: `T${li}`,
          name: `target ${li}`,
          organ: t.organ,
          kind: t.kind as 'non-nodal' | 'lymph-node' | 'bone',
          ...(t.kind === 'bone' ? { bone: { appearance: t.blastic ? ('blastic' as const) : ('lytic' as const), softTissueComponent: !t.blastic } } : {}),
          role: 'target' as const,
          assessments: timepoints.map((tp, i) => {
            const v = t.values[i]!
            // Baseline targets are measured, as RECIST asks; follow-ups take any status.
            const status = i === 0 ? 'measured' : v.status
            if (status !== 'measured') return { timepoint: tp.id, status }
            const long = Math.max(v.longAxisMm, 0.1)
            const short = Math.round(long * v.shortFraction * 10) / 10
            return {
              timepoint: tp.id,
              status,
              longAxisMm: long,
              shortAxisMm: short,
              attenuationHu: v.attenuationHu,
              ...(v.cavity !== undefined && v.cavity <= long && t.kind === 'non-nodal' ? { cavityLongAxisMm: v.cavity } : {}),
            }
          }),
        })),
        ...g.nonTargets.map((statuses, li) => ({
          id: `N${li}`,
          name: `non-target ${li}`,
          organ: 'bone',
          kind: 'non-nodal' as const,
          role: 'non-target' as const,
          assessments: timepoints.map((tp, i) => ({ timepoint: tp.id, status: i === 0 ? 'present' : statuses[i]! })),
        })),
      ],
      newLesions: g.newLesions.filter((n) => n.at < timepoints.length).map((n) => ({ timepoint: `t${n.at}`, organ: n.organ, equivocal: n.equivocal })),
    }
  })

const evaluate = (input: CaseInput): Evaluation => {
  const parsed = parseCase(input)
  if (!parsed.ok) throw new Error(`generated an invalid case: ${JSON.stringify(parsed.problems)}`)
  return evaluateCase(parsed.value)
}

/** What must not depend on input order: responses, figures, rules, best response, the set of findings. */
const essence = (e: Evaluation) =>
  e.results.map((r) => ({
    criterion: r.criterion,
    timepoints: r.timepoints.map(({ timepoint, response, targetResponse, nonTargetResponse, newLesion, sumMm, changeFromBaselinePct, changeFromNadirPct, rule, attenuation }) => ({
      timepoint, response, targetResponse, nonTargetResponse, newLesion, sumMm, changeFromBaselinePct, changeFromNadirPct, rule, attenuation: attenuation && { ...attenuation, lesions: [...attenuation.lesions].sort(), reason: undefined },
    })),
    best: { ...r.best, explanation: undefined },
    findings: r.findings.map((f) => `${f.code}|${f.lesion ?? ''}|${f.timepoint ?? ''}`).sort(),
  }))

const VOCABULARY = new Set(Object.keys(LEVEL_OF))
const RANK: Record<string, number> = { CR: 0, PR: 1, SD: 2, 'NON-CR/NON-PD': 2, PD: 3 }

describe('engine properties over generated cases', () => {
  it('every criterion answers from its vocabulary and never throws, explanations included (10,000 cases)', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const e = evaluate(input)
        expect(e.results.map((r) => r.criterion)).toEqual(CRITERIA.map((c) => c.id))
        for (const r of e.results) {
          expect(r.timepoints).toHaveLength(r.notApplicable ? 0 : input.timepoints.length - 1)
          for (const t of r.timepoints) expect(VOCABULARY.has(t.response)).toBe(true)
          expect(r.best.response === null || VOCABULARY.has(r.best.response)).toBe(true)
          // Explanations are written when read (criteria/shared/lazy.ts): writing them must not throw either.
          for (const t of r.timepoints) expect(t.explanation.length).toBeGreaterThan(0)
          expect(r.best.explanation.every((line) => typeof line === 'string')).toBe(true)
        }
      }),
      { numRuns: 10_000 },
    )
    // Nine criteria over 10,000 cases take several seconds alone, minutes on a loaded machine:
    // speed is judged by the benchmark, never here.
  }, 600_000)

  it('results do not depend on the order of lesions, timepoints, assessments or new lesions', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (input, random) => {
        const it = random[Symbol.iterator]()
        const shuffle = <T,>(xs: readonly T[]) => xs.map((x) => [it.next().value as number, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x)
        const shuffled: CaseInput = {
          ...input,
          timepoints: shuffle(input.timepoints),
          lesions: shuffle(input.lesions).map((l) => ({ ...l, assessments: shuffle(l.assessments) })),
          newLesions: shuffle(input.newLesions ?? []),
        }
        expect(essence(evaluate(shuffled))).toEqual(essence(evaluate(input)))
      }),
      { numRuns: 1_000 },
    )
  })

  it('an unequivocal new lesion makes the timepoint PD under every criterion', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.nat(), (input, pick) => {
        const at = 1 + (pick % (input.timepoints.length - 1))
        const withNew = { ...input, newLesions: [...(input.newLesions ?? []), { timepoint: `t${at}`, organ: 'liver', equivocal: false }] }
        for (const r of evaluate(withNew).results) {
          if (r.notApplicable) continue
          expect(LEVEL_OF[r.timepoints.find((t) => t.timepoint === `t${at}`)!.response], r.criterion).toBe('PD')
        }
      }),
      { numRuns: 1_000 },
    )
  })

  it('RECIST 1.1 never improves when every measured target grows at the last timepoint', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.integer({ min: 1, max: 300 }).map((x) => x / 10), (input, growthMm) => {
        const last = input.timepoints.at(-1)!.id
        const grown: CaseInput = {
          ...input,
          lesions: input.lesions.map((l) => ({
            ...l,
            assessments: l.assessments.map((a) =>
              a.timepoint === last && a.status === 'measured' && l.role === 'target'
                ? { ...a, longAxisMm: Math.round(((a.longAxisMm ?? 0) + growthMm) * 10) / 10, shortAxisMm: Math.round(((a.shortAxisMm ?? 0) + growthMm) * 10) / 10 }
                : a,
            ),
          })),
        }
        const before = evaluateCase((parseCase(input) as { ok: true; value: never }).value, ['recist11']).results[0]!.timepoints.at(-1)!.response
        const after = evaluate(grown).results.find((r) => r.criterion === 'recist11')!.timepoints.at(-1)!.response
        // NE may turn PD (the measured targets alone now prove it); nothing else may change from NE.
        if (before === 'NE') expect(['NE', 'PD']).toContain(after)
        else expect(RANK[after]!).toBeGreaterThanOrEqual(RANK[before]!)
      }),
      { numRuns: 2_000 },
    )
  })

  it('serialising and re-importing a case changes no result', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const parsed = parseCase(input)
        if (!parsed.ok) throw new Error('invalid')
        const again = parseCase(JSON.parse(JSON.stringify(parsed.value)))
        expect(again.ok && evaluateCase(again.value)).toEqual(evaluateCase(parsed.value))
      }),
      { numRuns: 1_000 },
    )
  })
})
