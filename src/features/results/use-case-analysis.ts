import { startTransition, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { CRITERION_IDS, type Case, type Evaluation, type ParseResult, type Problem } from '../../../criteria/index.ts'
import { loadedEngine, useEngine, type Engine } from '../../engine.ts'
import type { CaseDraft } from '../../store/case-draft.ts'
import { timepointNamer } from '../../documentation/human-names.ts'
import { draftPatch, type ExplainedPath } from './draft-sync.ts'
import { draftParser } from './parse-draft.ts'
import type { EvaluationReply, EvaluationRequest } from './evaluation-worker.ts'

export interface CaseAnalysis {
  parsed: ParseResult<Case>
  /** null while the draft has structural problems: stale results would mislead. */
  evaluation: Evaluation | null
  problems: Problem[]
  /** Problem messages by formatted path, for showing each beside its field. */
  problemsByPath: ReadonlyMap<string, string[]>
  /** The analysis is of an earlier state of the case (or none yet): the latest edit is being evaluated. */
  updating: boolean
}

/**
 * Cases up to this many cells (lesions × timepoints) are evaluated in the render that shows the
 * keystroke: the results change with the cell, in one render, and are never of an earlier state.
 * A 50 × 30 case takes about 3 ms to parse (one lesion again) and evaluate under every criterion;
 * deferring it cost more than it saved, since the browser then painted a frame between the cell
 * and the results (measured by `npm run bench`). Larger cases (a 200 × 200 one takes 150–250 ms)
 * are evaluated in a web worker, or, where no worker can run, in a deferred render that the next
 * keystroke can interrupt, their results marked as updating meanwhile.
 */
export const WORKER_CELLS = 2000

const KNOWN_IDS = new Set(CRITERION_IDS)
const NO_PROBLEMS = new Map<string, string[]>()

/** Each path's messages, shown on its cell: a timepoint the message names by id is named as the user sees it. */
function byPath(problems: readonly Problem[], draft: CaseDraft): ReadonlyMap<string, string[]> {
  if (problems.length === 0) return NO_PROBLEMS // one shared empty map: the problems context then does not change on each keystroke
  const named = timepointNamer(draft)
  const map = new Map<string, string[]>()
  for (const p of problems) map.set(p.path, [...(map.get(p.path) ?? []), named(p.message)])
  return map
}

/**
 * Parses the draft and evaluates it. Derived, never stored. A case up to WORKER_CELLS is analysed
 * in the render that shows the keystroke; a larger one off the typing path, in a web worker
 * (evaluation-worker.ts) or a deferred render, the grid showing the keystroke at once with the
 * analysis as it was. Meanwhile `updating` says the results are of an earlier state.
 */
export function useCaseAnalysis(draft: CaseDraft, criterionIds: readonly string[]): CaseAnalysis {
  const ids = useMemo(() => criterionIds.filter((id) => KNOWN_IDS.has(id)), [criterionIds])
  // Until the engine has loaded (src/engine.ts), the results are marked as updating.
  const engine = useEngine()
  const [workerFailed, setWorkerFailed] = useState(false)
  const atOnce = draft.lesions.length * draft.timepoints.length <= WORKER_CELLS
  const inWorker = !atOnce && !workerFailed && typeof Worker !== 'undefined'
  const deferred = useDeferredValue(draft)
  const current = atOnce ? draft : deferred
  const onPage = useMemo(() => (inWorker || !engine ? null : analyseOnPage(engine, current, ids)), [inWorker, engine, current, ids])
  const reply = useWorkerEvaluation(inWorker ? draft : null, ids, setWorkerFailed)
  return useMemo(() => {
    if (onPage) return { ...onPage, updating: current !== draft }
    // The page makes the parsed case and the explanations of a worker's answer when they are read: shown with the engine here.
    if (reply && engine) return workerAnalysis(reply.draft, reply.reply, reply.draft !== draft || reply.criteria !== ids)
    return { parsed: { ok: false, problems: [] }, evaluation: null, problems: [], problemsByPath: NO_PROBLEMS, updating: true }
  }, [onPage, current, draft, reply, engine, ids])
}

/** The page's parser of drafts, made once the engine is here. */
let pageParser: ((draft: CaseDraft) => ParseResult<Case>) | null = null
const parseOnPage = (engine: Engine, draft: CaseDraft) => (pageParser ??= draftParser(engine))(draft)

function analyseOnPage(engine: Engine, draft: CaseDraft, ids: readonly string[]): Omit<CaseAnalysis, 'updating'> {
  const parsed = parseOnPage(engine, draft)
  const problems = parsed.ok ? [] : parsed.problems
  return { parsed, evaluation: parsed.ok ? engine.evaluateCase(parsed.value, ids) : null, problems, problemsByPath: byPath(problems, draft) }
}

/** The parsed case, made on the page once and only when asked for (exports, explanations). */
const parsedCases = new WeakMap<CaseDraft, ParseResult<Case>>()
const parsedOnPage = (draft: CaseDraft) => parsedCases.get(draft) ?? parsedCases.set(draft, parseOnPage(loadedEngine(), draft)).get(draft)!

/**
 * The worker's evaluation with its explanations back in place: each is written when first read
 * (the results' explanation panel, a report), from an evaluation of the same case made on the page then.
 */
export function explainOnPage(evaluation: Evaluation, paths: readonly ExplainedPath[], draft: CaseDraft, criteria: readonly string[]) {
  let full: Evaluation | undefined
  const at = (root: unknown, path: ExplainedPath) => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as { explanation: string[] }
  for (const path of paths) {
    let lines: string[] | undefined
    Object.defineProperty(at(evaluation, path), 'explanation', {
      enumerable: true,
      get: () => {
        if (lines) return lines
        const parsed = parsedOnPage(draft)
        if (!parsed.ok) return []
        full ??= loadedEngine().evaluateCase(parsed.value, criteria)
        return (lines = at(full, path).explanation)
      },
    })
  }
}

/** The worker's answer for `draft`; the parsed case (for exports) is made on the page only when asked for. */
function workerAnalysis(draft: CaseDraft, reply: EvaluationReply, updating: boolean): CaseAnalysis {
  return {
    get parsed() {
      return parsedOnPage(draft)
    },
    evaluation: reply.evaluation,
    problems: reply.problems,
    problemsByPath: byPath(reply.problems, draft),
    updating,
  }
}

interface Answered {
  draft: CaseDraft
  criteria: readonly string[]
  reply: EvaluationReply
}

/** Sends each new `draft` (null: none) to the evaluation worker and returns its latest answer; `setFailed(true)` when the worker cannot run. */
function useWorkerEvaluation(draft: CaseDraft | null, criteria: readonly string[], setFailed: (failed: boolean) => void): Answered | null {
  const channel = useRef<{ worker: Worker; sent: CaseDraft | null; next: number; asked: Map<number, Omit<Answered, 'reply'>> } | null>(null)
  const [answered, setAnswered] = useState<Answered | null>(null)
  useEffect(() => () => channel.current?.worker.terminate(), [])
  // Sent before the browser lays out and paints what this render shows (a layout effect), not after:
  // opening a large case, the worker starts and evaluates while the page draws the grid.
  useLayoutEffect(() => {
    if (!draft) return
    if (!channel.current) {
      const worker = new Worker(new URL('./evaluation-worker.ts', import.meta.url), { type: 'module' })
      const c = (channel.current = { worker, sent: null as CaseDraft | null, next: 0, asked: new Map<number, Omit<Answered, 'reply'>>() })
      worker.onmessage = (e: MessageEvent<EvaluationReply>) => {
        const asked = c.asked.get(e.data.id)
        for (const id of c.asked.keys()) if (id <= e.data.id) c.asked.delete(id)
        if (!asked) return
        if (e.data.evaluation) explainOnPage(e.data.evaluation, e.data.explained, asked.draft, asked.criteria)
        startTransition(() => setAnswered({ ...asked, reply: e.data }))
      }
      worker.onerror = () => setFailed(true)
    }
    const c = channel.current
    const id = ++c.next
    const request: EvaluationRequest = { id, patch: draftPatch(c.sent, draft), criteria }
    c.sent = draft
    c.asked.set(id, { draft, criteria })
    c.worker.postMessage(request)
  }, [draft, criteria, setFailed])
  return answered
}
