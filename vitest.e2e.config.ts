import { defineConfig } from 'vitest/config'

/** End-to-end: builds the app, serves it with vite preview and drives Debian's chromium. */
export default defineConfig({
  test: {
    environment: 'node',
    globals: true,
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // expect.poll waits for what the user sees; its 1 s default fails on a loaded machine.
    expect: { poll: { timeout: 60_000 } },
  },
})
