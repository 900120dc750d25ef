/**
 * The open case parsed as the engine reads it, on every keystroke, without doing it all again:
 * an edit replaces only the lesion it changes (draft-edits.ts), so each unchanged lesion keeps its
 * converted input object and, through the engine's `caseParser`, its parse. A 50 × 30 case then
 * re-parses one lesion per keystroke instead of 1,500 assessments. Same result as
 * `parseCase(draftToInput(draft))`.
 */
import type { Case, ParseResult } from '../../../criteria/index.ts'
import type { Engine } from '../../engine.ts'
import { draftToInput, lesionToInput, type CaseDraft, type DraftLesion } from '../../store/case-draft.ts'

const inputs = new WeakMap<DraftLesion, unknown>()

const inputOf = (lesion: DraftLesion) => {
  if (!inputs.has(lesion)) inputs.set(lesion, lesionToInput(lesion))
  return inputs.get(lesion)
}

/**
 * A parser of drafts that keeps its lesions' parses. It takes the engine as an argument (the page
 * loads the engine apart from the first screen, src/engine.ts; the worker imports it).
 */
export function draftParser({ caseParser, parseCase }: Pick<Engine, 'caseParser' | 'parseCase'>): (draft: CaseDraft) => ParseResult<Case> {
  const parse = caseParser()
  // The draft's own fields (all but the lesions) as input, kept while none of them changes: the
  // same input objects let caseParser keep their parse too.
  let last: { draft: CaseDraft; shell: Record<string, unknown> } | null = null
  const shellOf = (draft: CaseDraft) => {
    if (!last || !sameButLesions(last.draft, draft)) last = { draft, shell: draftToInput({ ...draft, lesions: [] }) as Record<string, unknown> }
    return last.shell
  }
  return (draft) => {
    if (!Array.isArray(draft.lesions) || draft.lesions.some((l) => typeof l !== 'object' || l === null)) return parseCase(draftToInput(draft))
    return parse({ ...shellOf(draft), lesions: draft.lesions.map(inputOf) })
  }
}

function sameButLesions(a: CaseDraft, b: CaseDraft): boolean {
  const keys = Object.keys(a) as (keyof CaseDraft)[]
  return keys.length === Object.keys(b).length && keys.every((key) => key === 'lesions' || (Object.hasOwn(b, key) && Object.is(a[key], b[key])))
}
