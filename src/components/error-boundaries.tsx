/**
 * Error boundaries (react-error-boundary): whatever a case or a screen throws while rendering,
 * the rest of the app stays usable. A case that cannot be shown says so and offers to export
 * or remove it; a screen that fails says so and leaves the others working; the last resort, at
 * the root, offers the saved library for download. Each boundary tries again when what it shows
 * changes (another case, another screen, an edit).
 */
import type { ReactNode } from 'react'
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary'
import { caseFileName, caseFileText, downloadText } from '../features/library/case-file.ts'
import { STORAGE_KEY, useAppStore } from '../store/app-store.ts'
import type { CaseDraft } from '../store/case-draft.ts'

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The case as a file; a case that cannot even be converted is exported as it is stored. */
function exportAsStored(draft: CaseDraft) {
  let text: string
  try {
    text = caseFileText(draft)
  } catch {
    text = `${JSON.stringify(draft, null, 2)}\n`
  }
  downloadText(caseFileName(draft), text)
}

/** Around everything shown of the open case. */
export function CaseBoundary({ caseId, resetKeys, onRemoved, children }: { caseId: string; resetKeys: unknown[]; onRemoved: () => void; children: ReactNode }) {
  return (
    <ErrorBoundary resetKeys={[caseId, ...resetKeys]} fallbackRender={(props) => <CaseFailed caseId={caseId} onRemoved={onRemoved} {...props} />}>
      {children}
    </ErrorBoundary>
  )
}

function CaseFailed({ caseId, onRemoved, error, resetErrorBoundary }: { caseId: string; onRemoved: () => void } & FallbackProps) {
  const entry = useAppStore((s) => (Object.hasOwn(s.library, caseId) ? s.library[caseId] : undefined))
  const name = entry?.draft.patient.id || '(no patient ID)'
  return (
    <section className="panel notice error" role="alert" aria-labelledby="case-failed-title">
      <h2 id="case-failed-title">Case {name} cannot be shown</h2>
      <p>
        Caliper could not display this case ({message(error)}). It is unchanged in the library, and every other case can be opened as usual. Export it
        as a file to keep it or to have it checked, or remove it from the library (Undo brings it back).
      </p>
      <div className="row">
        {entry && (
          <button type="button" onClick={() => exportAsStored(entry.draft)}>
            Export {name} as a file
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => {
            useAppStore.getState().deleteCase(caseId)
            onRemoved()
          }}
        >
          Remove {name} from the library
        </button>
        <button type="button" onClick={resetErrorBoundary}>
          Try again
        </button>
      </div>
    </section>
  )
}

/** Around one screen that does not belong to a case (library, cohort). */
export function ScreenBoundary({ title, resetKeys, children }: { title: string; resetKeys: unknown[]; children: ReactNode }) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      fallbackRender={({ error, resetErrorBoundary }) => (
        <section className="panel notice error" role="alert">
          <h2>The {title} screen cannot be shown</h2>
          <p>Caliper could not display it ({message(error)}). Your cases are unchanged; the other screens work as usual.</p>
          <button type="button" onClick={resetErrorBoundary}>
            Try again
          </button>
        </section>
      )}
    >
      {children}
    </ErrorBoundary>
  )
}

/** The last resort, around the whole app: the saved library can still be downloaded, and a reload tried. */
export function RootBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallbackRender={({ error }) => (
        <main className="main">
          <section className="panel notice error" role="alert">
            <h1>Caliper hit an error</h1>
            <p>Something could not be displayed ({message(error)}). Your library is saved in this browser; download it to keep a copy, then reload the page.</p>
            <div className="row">
              <button type="button" onClick={() => downloadText('caliper-library.json', localStorage.getItem(STORAGE_KEY) ?? '{}')}>
                Download the saved library
              </button>
              <button type="button" onClick={() => location.reload()}>
                Reload
              </button>
            </div>
          </section>
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  )
}
