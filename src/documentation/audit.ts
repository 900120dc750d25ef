/**
 * Sign-off and audit trail as pure functions over the case file a user entered (CaseInput):
 * each returns a new case (the input is never mutated) or the problems that refused the change.
 * Every result is re-validated with `parseCase`, so an edit is applied whole or not at all.
 *
 * Rule (ICH E6(R3) §4.2 / 21 CFR 11.10(e) in spirit): once a timepoint is signed off, its data
 * may change only with a reason, and every such change is logged (who, when, field, old → new,
 * reason). Changes to data no signed timepoint depends on are not logged.
 */
import { formatPath, parseCase, type AuditEntry, type CaseInput, type Problem, type SignOff } from '../../criteria/index.ts'
import { get, parsePath, signedTimepoints, timepointsOfPath, type Json } from './audit-paths.ts'

export { parsePath, signedTimepoints, timepointsOfPath } from './audit-paths.ts'

export type EditResult = { ok: true; value: CaseInput; logged: AuditEntry | null } | { ok: false; problems: Problem[] }

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Sets (or, with value undefined, removes) the value at keys in a deep copy; arrays may grow by one at their end. */
function setAt(root: CaseInput, keys: readonly (string | number)[], value: unknown): { value: CaseInput } | { error: string } {
  const copy = structuredClone(root) as unknown as Json
  let node: unknown = copy
  for (let k = 0; k < keys.length - 1; k++) {
    const key = keys[k]!
    const next = (node as Json)[key]
    if (next === null || typeof next !== 'object') return { error: `${formatPath(keys.slice(0, k + 1))} does not exist` }
    node = next
  }
  const last = keys[keys.length - 1]!
  if (Array.isArray(node)) {
    if (typeof last !== 'number') return { error: `${formatPath(keys)}: an array is indexed by number` }
    if (last > node.length || (value === undefined && last >= node.length)) return { error: `${formatPath(keys)} is beyond the end of the list (${node.length} item(s))` }
    if (value === undefined) node.splice(last, 1)
    else node[last] = structuredClone(value)
  } else if (typeof last === 'number') return { error: `${formatPath(keys)}: not a list` }
  else if (value === undefined) delete (node as Json)[last]
  else (node as Json)[last] = structuredClone(value)
  return { value: copy as unknown as CaseInput }
}

export interface Edit {
  /** JSON path of the field, e.g. "lesions[0].assessments[1].longAxisMm"; a list index one past the end appends. */
  path: string
  /** The new value; undefined removes the field (or the list item). */
  value: unknown
  who: string
  /** ISO 8601 date-time of the change (the caller's clock: these functions are pure). */
  at: string
  /** Required when the field belongs to a signed-off timepoint. */
  reason?: string
}

const refuse = (path: string, message: string): EditResult => ({ ok: false, problems: [{ path, message }] })

/**
 * Applies one edit. Refuses it (nothing changes) when the path is malformed or names
 * signOffs/auditLog, when the result would be an invalid case, or when it changes data of a
 * signed-off timepoint without a reason; logs it when it changes signed-off data with one.
 */
export function applyEdit(kase: CaseInput, edit: Edit): EditResult {
  const keys = parsePath(edit.path)
  if (!keys) return refuse(edit.path, 'is not a JSON path like lesions[0].assessments[1].longAxisMm')
  if (keys[0] === 'signOffs' || keys[0] === 'auditLog') return refuse(edit.path, 'sign-offs and the audit log change only through signOff and applyEdit')
  const old = get(kase, keys)
  if (deepEqual(old, edit.value)) return { ok: true, value: kase, logged: null }
  const set = setAt(kase, keys, edit.value)
  if ('error' in set) return refuse(edit.path, set.error)
  const signed = signedTimepoints(kase)
  const touched = [...timepointsOfPath(kase, set.value, keys)].filter((t) => signed.has(t))
  let next = set.value
  let logged: AuditEntry | null = null
  if (touched.length) {
    const reason = edit.reason?.trim() ?? ''
    if (!reason) return refuse(formatPath(keys), `belongs to signed-off timepoint${touched.length > 1 ? 's' : ''} ${touched.map((t) => `"${t}"`).join(', ')}: give a reason to change it`)
    logged = { at: edit.at, who: edit.who, field: formatPath(keys), ...(old !== undefined ? { old: structuredClone(old) } : {}), ...(edit.value !== undefined ? { new: structuredClone(edit.value) } : {}), reason }
    next = { ...next, auditLog: [...(next.auditLog ?? []), logged] }
  }
  const parsed = parseCase(next)
  if (!parsed.ok) return { ok: false, problems: parsed.problems }
  return { ok: true, value: next, logged }
}

/** Signs off a timepoint; refused (with problems naming the path) when the sign-off would be invalid. */
export function signOff(kase: CaseInput, signature: SignOff): EditResult {
  const next: CaseInput = { ...kase, signOffs: [...(kase.signOffs ?? []), { ...signature }] }
  const parsed = parseCase(next)
  if (!parsed.ok) return { ok: false, problems: parsed.problems }
  return { ok: true, value: next, logged: null }
}

/** Key paths of every leaf that differs between two JSON values (a list item or field present on one side only counts once, whole). */
export function changedPaths(before: unknown, after: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object'
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) return deepEqual(before, after) ? [] : [prefix]
  const keys: (string | number)[] = Array.isArray(before)
    ? Array.from({ length: Math.max(before.length, (after as unknown as unknown[]).length) }, (_, i) => i)
    : [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return keys.flatMap((key) => {
    const [b, a] = [before[key], after[key]]
    if (b === undefined || a === undefined) return b === a ? [] : [[...prefix, key]]
    return changedPaths(b, a, [...prefix, key])
  })
}

export interface Change {
  field: string
  old?: unknown
  new?: unknown
  /** The signed-off timepoints this field belongs to (empty: no signed data changed). */
  signed: string[]
}

/**
 * Every change from one saved case to the next (sign-offs and the audit log excluded: they
 * change only through signOff and the server), each with the signed-off timepoints it touches.
 * The server refuses a save whose changes touch signed timepoints unless it carries a reason.
 */
export function caseChanges(before: CaseInput, after: CaseInput): Change[] {
  const strip = ({ signOffs: _s, auditLog: _a, ...rest }: CaseInput) => rest as CaseInput
  const [b, a] = [strip(before), strip(after)]
  const signed = signedTimepoints(before)
  return changedPaths(b, a).map((keys) => {
    const [old, value] = [get(b, keys), get(a, keys)]
    return {
      field: formatPath(keys),
      ...(old !== undefined ? { old } : {}),
      ...(value !== undefined ? { new: value } : {}),
      signed: [...timepointsOfPath(b, a, keys)].filter((t) => signed.has(t)),
    }
  })
}
