/**
 * The evaluation of a large case, in a web worker so that typing and scrolling never wait for it
 * (use-case-analysis.ts). It keeps its own copy of the open case, updated by patches
 * (draft-sync.ts), and answers each request with the problems and the evaluation without its
 * explanations: they are written when read (lazy.ts), and written out for a 200 × 200 case they
 * are megabytes (each WHO timepoint names every lesion that grew), longer to copy to the page
 * than a frame may take. The reply names where they are (`explained`), and the page writes one
 * when it is read (use-case-analysis.ts). Requests that arrive while one is queued are folded
 * into it: only the latest is evaluated.
 */
import { caseParser, evaluateCase, parseCase, type Evaluation, type Problem } from '../../../criteria/index.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { draftParser } from './parse-draft.ts'
import { applyDraftPatch, explainedPaths, type DraftPatch, type ExplainedPath } from './draft-sync.ts'

export interface EvaluationRequest {
  id: number
  patch: DraftPatch | null
  criteria: readonly string[]
}
export interface EvaluationReply {
  id: number
  ok: boolean
  problems: Problem[]
  evaluation: Evaluation | null
  /** The paths (keys from the evaluation down) of the objects whose `explanation` was left out. */
  explained: ExplainedPath[]
}

let draft: CaseDraft | null = null
const parseDraft = draftParser({ caseParser, parseCase })
let latest: EvaluationRequest | null = null

function evaluateLatest() {
  const request = latest
  latest = null
  if (!request || !draft) return
  let reply: EvaluationReply
  try {
    const parsed = parseDraft(draft)
    const evaluation = parsed.ok ? evaluateCase(parsed.value, request.criteria) : null
    reply = { id: request.id, ok: parsed.ok, problems: parsed.ok ? [] : parsed.problems, evaluation, explained: evaluation ? explainedPaths(evaluation) : [] }
  } catch (e) {
    reply = { id: request.id, ok: false, problems: [{ path: '(root)', message: `could not be evaluated (${e instanceof Error ? e.message : String(e)})` }], evaluation: null, explained: [] }
  }
  postMessage(reply)
}

self.onmessage = (e: MessageEvent<EvaluationRequest>) => {
  if (e.data.patch) draft = applyDraftPatch(draft, e.data.patch)
  const queued = latest !== null
  latest = e.data
  // Messages already waiting are taken in first: a burst of keystrokes is evaluated once.
  if (!queued) setTimeout(evaluateLatest, 0)
}
