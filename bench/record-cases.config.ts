/**
 * The criteria tests with bench/record-cases.setup.ts added: see bench/dump-results.ts. It runs
 * before the suite's own setup files: test/setup.ts loads the engine, and a module loaded before
 * the recorder's mock is registered is not recorded.
 */
import { defineConfig } from 'vitest/config'
import base from '../vite.config.ts'

export default defineConfig({ ...base, test: { ...base.test, setupFiles: ['bench/record-cases.setup.ts', ...[base.test?.setupFiles ?? []].flat()] } })
