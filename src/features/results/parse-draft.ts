/**
 * The open case parsed as the engine reads it, on every keystroke, without doing it all again:
 * an edit replaces only the lesion it changes (draft-edits.ts), so each unchanged lesion keeps its
 * converted input object and, through the engine's `caseParser`, its parse. A 50 × 30 case then
 * re-parses one lesion per keystroke instead of 1,500 assessments. Same result as
 * `parseCase(draftToInput(draft))`.
 */
import type { Case, ParseResult } from '../../../criteria/index.ts'
import type { Engine } from '../../engine.ts'
import { draftToInput, fieldToInput, lesionToInput, type CaseDraft, type DraftLesion } from '../../store/case-draft.ts'

const inputs = new WeakMap<object, unknown>()

/** The input of an object of the draft (a lesion, the timepoints, the patient…), made once per object: an edit replaces only the objects it changes. */
const cached = (value: object, make: () => unknown) => {
  if (!inputs.has(value)) inputs.set(value, make())
  return inputs.get(value)
}
const inputOf = (lesion: DraftLesion) => cached(lesion, () => lesionToInput(lesion))

/** The draft's own fields (all but its lesions) as input: unchanged fields keep the same input objects, so caseParser keeps their parse. */
function shellOf(draft: CaseDraft): Record<string, unknown> {
  const shell: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(draft)) {
    const input = key === 'lesions' ? [] : typeof value === 'object' && value !== null ? cached(value, () => fieldToInput(key, value)) : fieldToInput(key, value)
    if (input !== undefined) shell[key] = input
  }
  return shell
}

/**
 * A parser of drafts that keeps its lesions' parses. It takes the engine as an argument (the page
 * loads the engine apart from the first screen, src/engine.ts; the worker imports it).
 */
export function draftParser({ caseParser, parseCase }: Pick<Engine, 'caseParser' | 'parseCase'>): (draft: CaseDraft) => ParseResult<Case> {
  const parse = caseParser()
  return (draft) => {
    if (!Array.isArray(draft.lesions) || draft.lesions.some((l) => typeof l !== 'object' || l === null)) return parseCase(draftToInput(draft))
    return parse({ ...shellOf(draft), lesions: draft.lesions.map(inputOf) })
  }
}
