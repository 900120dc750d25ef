import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist', 'build', 'node_modules', 'coverage', 'test/e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The engine is pure: no React, no store, no DOM, nothing from the app.
    files: ['criteria/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*'], message: 'criteria/ is pure TypeScript: no UI or store imports.' },
            { group: ['**/src/**', '../src/*', '../../src/*'], message: 'criteria/ must not import the app.' },
          ],
        },
      ],
    },
  },
  {
    // The server stands on the engine and the documentation layer, never on the app's UI or store.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*'], message: 'server/ has no UI.' },
            { group: ['**/src/features/**', '**/src/store/**', '**/src/components/**', '**/src/app/**'], message: 'server/ stands on criteria/ and src/documentation/ only.' },
          ],
        },
      ],
    },
  },
  {
    // The API module is imported by the app too: Zod and the engine's schema only.
    files: ['server/api-schemas.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.\\./criteria/).*', message: 'server/api-schemas.ts is shared with the browser: import only zod and criteria/.' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
