/** The criteria tests with bench/record-cases.setup.ts added: see bench/dump-results.ts. */
import { defineConfig, mergeConfig } from 'vitest/config'
import base from '../vite.config.ts'

export default mergeConfig(base, defineConfig({ test: { setupFiles: ['bench/record-cases.setup.ts'] } }))
