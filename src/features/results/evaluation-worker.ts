/**
 * The evaluation of a large case, in a web worker so that typing and scrolling never wait for it
 * (use-case-analysis.ts). It keeps its own copy of the open case, updated by patches
 * (draft-sync.ts), and answers each request with the problems and the evaluation, the
 * explanations written out (they are written when read, lazy.ts, and a getter does not cross to
 * the page). Requests that arrive while one is queued are folded into it: only the latest is
 * evaluated.
 */
import { evaluateCase, parseCase, type Evaluation, type Problem } from '../../../criteria/index.ts'
import { draftToInput, type CaseDraft } from '../../store/case-draft.ts'
import { applyDraftPatch, type DraftPatch } from './draft-sync.ts'

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
}

let draft: CaseDraft | null = null
let latest: EvaluationRequest | null = null

function evaluateLatest() {
  const request = latest
  latest = null
  if (!request || !draft) return
  let reply: EvaluationReply
  try {
    const parsed = parseCase(draftToInput(draft))
    // JSON, as `caliper evaluate --json` writes it: plain data with every explanation.
    const evaluation = parsed.ok ? (JSON.parse(JSON.stringify(evaluateCase(parsed.value, request.criteria))) as Evaluation) : null
    reply = { id: request.id, ok: parsed.ok, problems: parsed.ok ? [] : parsed.problems, evaluation }
  } catch (e) {
    reply = { id: request.id, ok: false, problems: [{ path: '(root)', message: `could not be evaluated (${e instanceof Error ? e.message : String(e)})` }], evaluation: null }
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
