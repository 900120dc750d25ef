import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

/**
 * The dev server only: React Refresh injects an inline module script and HMR talks over a
 * websocket, so `vite` (dev) relaxes index.html's Content-Security-Policy for those two. The
 * built app (`vite build`, `vite preview`, what ships) keeps the strict policy.
 */
const devCsp: Plugin = {
  name: 'caliper-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"),
}

export default defineConfig({
  plugins: [react(), devCsp],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    rolldownOptions: {
      // The engine (criteria/) does nothing when a module loads but define things: the first
      // screen takes names and schemas from criteria/index.ts without loading the rules that
      // index.ts also exports (they load apart, src/engine.ts).
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/criteria/') },
    },
  },
  test: {
    globals: true,
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    // Builds the command line once, so tests that run `node bin/caliper.js` run today's source.
    globalSetup: ['test/build-cli.ts'],
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'test/server/**', 'node_modules/**'],
    // The suite must pass on a loaded machine (a CI runner shared with other jobs, or `npm run
    // bench` beside it): no outcome may depend on wall-clock speed, which the benchmark judges.
    // A component test that types a few keys can take 10 s when both cores are busy; a test that
    // times out leaves its typing running into the next test, so the limit is generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 15_000 } },
  },
})
