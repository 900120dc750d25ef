import '@testing-library/jest-dom/vitest'
import { configure } from '@testing-library/react'

// findBy… and waitFor wait for what the user would see; 1 s (the default) is too short on a
// loaded machine, and nothing is judged on speed here.
configure({ asyncUtilTimeout: 15_000 })


// jsdom lays nothing out: the entry grid's scroll box reports a viewport large enough for every row
// and column of a test case, so the virtualised grid (grid-window.ts) renders them all, as a browser
// would at this size. The windowing itself is checked in Chromium (test/e2e, npm run bench).
for (const prop of ['clientWidth', 'clientHeight'] as const) {
  const own = Object.getOwnPropertyDescriptor(Element.prototype, prop)!
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('grid-scroll') ? 100_000 : own.get!.call(this)
    },
  })
}
