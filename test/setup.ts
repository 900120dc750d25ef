import '@testing-library/jest-dom/vitest'
import { configure } from '@testing-library/react'

// findBy… and waitFor wait for what the user would see; 1 s (the default) is too short on a
// loaded machine, and nothing is judged on speed here.
configure({ asyncUtilTimeout: 15_000 })


