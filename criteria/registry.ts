/** Every criterion the engine knows. Adding a criterion is adding its folder and one line here. */
import type { Criterion } from './define-criterion.ts'
import recist11 from './recist11/index.ts'
import choi from './choi/index.ts'
import mchoi from './mchoi/index.ts'

export const CRITERIA = [recist11, choi, mchoi] as unknown as readonly Criterion[]

export const DEFAULT_CRITERIA = CRITERIA.map((c) => c.id)

export const criterionById = (id: string): Criterion | undefined => CRITERIA.find((c) => c.id === id)
