/**
 * Blinded double reading (as in trials that read each scan twice, with an adjudicator where the
 * readers disagree): the blank read each reader starts from, and where two reads disagree, per
 * lesion, per timepoint and per criterion. Pure functions, shared by the server and the app.
 */
import { evaluateCase, type Case, type CaseInput, type Evaluation } from '../../criteria/index.ts'
import { fieldWord } from './human-names.ts'

/**
 * The read a reader starts from: the case without anything measured at the assigned timepoints
 * (lesion assessments and new lesions there), without sign-offs or audit log. The lesions' names
 * and roles stay: they were set by the coordinator, not by the other reader.
 */
export function blankRead(kase: CaseInput, timepoints: readonly string[]): CaseInput {
  const assigned = new Set(timepoints)
  const { signOffs: _s, auditLog: _a, ...rest } = structuredClone(kase)
  return {
    ...rest,
    lesions: rest.lesions.map((lesion) => ({ ...lesion, assessments: lesion.assessments.filter((a) => !assigned.has(a.timepoint)) })),
    ...(rest.newLesions ? { newLesions: rest.newLesions.filter((n) => !assigned.has(n.timepoint)) } : {}),
  }
}

export interface Disagreement {
  level: 'lesion' | 'timepoint' | 'criterion'
  criterion?: string
  timepoint?: string
  lesion?: string
  field?: string
  reader1: unknown
  reader2: unknown
  message: string
}

const show = (value: unknown) => (value === undefined ? 'nothing' : typeof value === 'string' ? value : JSON.stringify(value))

function timepointName(kase: Case, id: string): string {
  const t = kase.timepoints.find((x) => x.id === id)
  return t ? `${t.label || t.id} (${t.date})` : id
}

function lesionDisagreements(one: Case, two: Case, timepoints: readonly string[]): Disagreement[] {
  const out: Disagreement[] = []
  const ids = [...new Set([...one.lesions, ...two.lesions].map((l) => l.id))]
  for (const id of ids) {
    const [a, b] = [one.lesions.find((l) => l.id === id), two.lesions.find((l) => l.id === id)]
    const name = `lesion ${id}${(a ?? b)?.name ? ` (${(a ?? b)!.name})` : ''}`
    if (!a || !b) {
      out.push({ level: 'lesion', lesion: id, reader1: a ? 'recorded' : undefined, reader2: b ? 'recorded' : undefined, message: `Only reader ${a ? 1 : 2} recorded ${name}` })
      continue
    }
    for (const field of ['role', 'kind', 'organ'] as const)
      if (a[field] !== b[field]) out.push({ level: 'lesion', lesion: id, field, reader1: a[field], reader2: b[field], message: `${name}: ${fieldWord(field)} ${show(a[field])} (reader 1) vs ${show(b[field])} (reader 2)` })
    for (const tp of timepoints) {
      const [x, y] = [a.assessments.find((s) => s.timepoint === tp), b.assessments.find((s) => s.timepoint === tp)]
      const fields = [...new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])].filter((f) => f !== 'timepoint')
      for (const field of fields) {
        const [v1, v2] = [(x as Record<string, unknown> | undefined)?.[field], (y as Record<string, unknown> | undefined)?.[field]]
        if (JSON.stringify(v1) !== JSON.stringify(v2))
          out.push({ level: 'lesion', lesion: id, timepoint: tp, field, reader1: v1, reader2: v2, message: `${name} at ${timepointName(one, tp)}: ${fieldWord(field)} ${show(v1)} (reader 1) vs ${show(v2)} (reader 2)` })
      }
    }
  }
  for (const tp of timepoints) {
    const count = (kase: Case) => (kase.newLesions ?? []).filter((n) => n.timepoint === tp).length
    const [n1, n2] = [count(one), count(two)]
    if (n1 !== n2) out.push({ level: 'lesion', timepoint: tp, field: 'newLesions', reader1: n1, reader2: n2, message: `New lesions at ${timepointName(one, tp)}: ${n1} (reader 1) vs ${n2} (reader 2)` })
  }
  return out
}

function responseDisagreements(one: Case, e1: Evaluation, e2: Evaluation, timepoints: readonly string[]): Disagreement[] {
  const out: Disagreement[] = []
  for (const r1 of e1.results) {
    const r2 = e2.results.find((r) => r.criterion === r1.criterion)
    if (!r2) continue
    for (const tp of timepoints) {
      const [t1, t2] = [r1.timepoints.find((t) => t.timepoint === tp), r2.timepoints.find((t) => t.timepoint === tp)]
      if (t1?.response !== t2?.response)
        out.push({ level: 'timepoint', criterion: r1.criterion, timepoint: tp, reader1: t1?.response, reader2: t2?.response, message: `${r1.name} at ${timepointName(one, tp)}: ${show(t1?.response)} (reader 1) vs ${show(t2?.response)} (reader 2)` })
    }
    if (r1.best.response !== r2.best.response)
      out.push({ level: 'criterion', criterion: r1.criterion, reader1: r1.best.response, reader2: r2.best.response, message: `${r1.name}, best overall response: ${show(r1.best.response ?? undefined)} (reader 1) vs ${show(r2.best.response ?? undefined)} (reader 2)` })
  }
  return out
}

export interface ReadComparison {
  evaluations: [Evaluation, Evaluation]
  disagreements: Disagreement[]
}

/** Both reads under every criterion, and where they disagree at the assigned timepoints: lesion by lesion, then each timepoint's response and each best response. */
export function compareReads(one: Case, two: Case, timepoints: readonly string[]): ReadComparison {
  const evaluations: [Evaluation, Evaluation] = [evaluateCase(one), evaluateCase(two)]
  return { evaluations, disagreements: [...lesionDisagreements(one, two, timepoints), ...responseDisagreements(one, evaluations[0], evaluations[1], timepoints)] }
}
