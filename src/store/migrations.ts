/**
 * Steps that reshape persisted state from one store version to the next: MIGRATIONS[v] turns
 * version v into v + 1. Only add to the end; never edit a step that has shipped. Steps only
 * reshape: the store's `merge` validates the result.
 */
export type MigrationStep = (state: unknown) => unknown

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

export const MIGRATIONS: readonly MigrationStep[] = [
  // 0 → 1: the single-case prototype stored `{ case }`; the library keeps cases by id.
  (state) => {
    if (!isObject(state) || !('case' in state)) return state
    return {
      library: { 'case-1': { draft: state.case, updatedAt: new Date(0).toISOString() } },
      openId: 'case-1',
      selectedCriteria: ['recist11', 'choi', 'mchoi'],
    }
  },
]

export const STORE_VERSION = MIGRATIONS.length

export function migrate(state: unknown, fromVersion: number): unknown {
  let out = state
  for (let v = Math.max(0, fromVersion); v < MIGRATIONS.length; v++) out = MIGRATIONS[v]!(out)
  return out
}
