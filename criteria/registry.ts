/** Every criterion the engine knows. Adding a criterion is adding its folder, one line here and its id in criterion-ids.ts. */
import { CRITERION_IDS } from './criterion-ids.ts'
import type { Criterion } from './define-criterion.ts'
import { choiceLabel } from './shared/choice.ts'
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

if (DEFAULT_CRITERIA.join() !== CRITERION_IDS.join()) throw new Error(`criterion-ids.ts lists ${CRITERION_IDS.join(', ')}; the registry has ${DEFAULT_CRITERIA.join(', ')}`)

export const criterionById = (id: string): Criterion | undefined => CRITERIA.find((c) => c.id === id)

/** An option's value in words ("A confirmed PR holds until PD (EORTC FAQ)"), or undefined when the option has no named choices. */
export function optionChoiceLabel(criterionId: string, key: string, value: unknown): string | undefined {
  const criterion = criterionById(criterionId)
  return criterion && choiceLabel(criterion.optionsSchema, key, value)
}
