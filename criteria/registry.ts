/** Every criterion the engine knows. Adding a criterion is adding its folder and one line here. */
import type { Criterion } from './define-criterion.ts'
import recist11 from './recist11/index.ts'
import choi from './choi/index.ts'
import mchoi from './mchoi/index.ts'
import who from './who/index.ts'
import sact from './sact/index.ts'
import mass from './mass/index.ts'
import mda from './mda/index.ts'
import irecist from './irecist/index.ts'
import percist from './percist/index.ts'
import volumetric from './volumetric/index.ts'

export const CRITERIA = [recist11, choi, mchoi, who, sact, mass, mda, irecist, percist, volumetric] as unknown as readonly Criterion[]

export const DEFAULT_CRITERIA = CRITERIA.map((c) => c.id)

export const criterionById = (id: string): Criterion | undefined => CRITERIA.find((c) => c.id === id)
