import { defineConfig } from 'vitest/config'

/**
 * The server's tests: Node, against PGlite AND a real PostgreSQL started by the global setup
 * (test/server/postgres.ts). Setup is slow on a busy machine (PGlite compiles PostgreSQL to
 * WebAssembly and runs initdb), so hooks get room; nothing here depends on speed.
 */
export default defineConfig({
  test: {
    globals: true,
    environment: 'node',
    include: ['test/server/**/*.test.ts'],
    globalSetup: ['test/server/global-setup.ts'],
    hookTimeout: 600_000,
    testTimeout: 300_000,
  },
})
