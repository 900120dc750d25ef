/**
 * Where a field of a case belongs (a path's keys, the timepoints its data is part of), for the
 * audit trail (audit.ts): apart from it, so that the first screen (naming fields, holding an
 * edit of signed-off data) needs neither the schemas' checks nor the rules that audit.ts
 * re-validates every change with.
 */
import type { CaseInput } from '../../criteria/index.ts'

/** A JSON path as the engine writes it ("lesions[2].assessments[0].longAxisMm") split into keys. */
export function parsePath(path: string): (string | number)[] | null {
  const keys: (string | number)[] = []
  const re = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\./gy
  let expectKey = true
  let match: RegExpExecArray | null
  let last = 0
  while ((match = re.exec(path)) !== null) {
    if (match[0] === '.') {
      if (expectKey || keys.length === 0) return null
      expectKey = true
    } else if (match[1] !== undefined) {
      if (!expectKey) return null
      keys.push(match[1])
      expectKey = false
    } else {
      if (keys.length === 0) return null
      keys.push(Number(match[2]))
      expectKey = false
    }
    last = re.lastIndex
  }
  return last === path.length && keys.length > 0 && !expectKey ? keys : null
}

/** Ids of the timepoints with at least one sign-off. */
export function signedTimepoints(kase: CaseInput): Set<string> {
  return new Set((kase.signOffs ?? []).map((s) => s.timepoint))
}

export type Json = Record<string | number, unknown>
export const get = (root: unknown, keys: readonly (string | number)[]): unknown =>
  keys.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), root)

/**
 * The timepoints whose data a path belongs to, given the case before and after the edit: an
 * assessment or new lesion belongs to its timepoint, a lesion's own fields to every timepoint
 * it was assessed at, and case-wide fields (patient, therapyStart, settings, criteriaOptions)
 * to all timepoints, since every response depends on them.
 */
export function timepointsOfPath(before: CaseInput, after: CaseInput, keys: readonly (string | number)[]): Set<string> {
  const out = new Set<string>()
  const all = () => [...before.timepoints, ...after.timepoints].forEach((t) => t && out.add(t.id))
  const [top, i, sub, j] = keys
  for (const kase of [before, after]) {
    if (top === 'timepoints') {
      if (typeof i === 'number') {
        const t = kase.timepoints[i]
        if (t) out.add(t.id)
      } else all()
    } else if (top === 'newLesions') {
      const list = typeof i === 'number' ? [kase.newLesions?.[i]] : (kase.newLesions ?? [])
      list.forEach((n) => n && out.add(n.timepoint))
    } else if (top === 'lesions') {
      const lesions = typeof i === 'number' ? [kase.lesions[i]] : kase.lesions
      for (const lesion of lesions) {
        if (!lesion) continue
        const assessments = sub === 'assessments' && typeof j === 'number' ? [lesion.assessments[j]] : lesion.assessments
        assessments.forEach((a) => a && out.add(a.timepoint))
      }
    } else all()
  }
  return out
}

