import { caseFileName, caseFileText, downloadText } from '../features/library/case-file.ts'
import { selectOpenDraft, useAppStore } from '../store/app-store.ts'
import { STORE_VERSION } from '../store/migrations.ts'

/** Storage faults (src/store/persistence.ts), shown above every screen until dismissed or resolved. */
export function StorageNotices() {
  const issues = useAppStore((s) => s.storageIssues)
  const draft = useAppStore(selectOpenDraft)
  const dismiss = useAppStore((s) => s.dismissStorageIssue)
  if (issues.length === 0) return null
  return (
    <div className="storage-notices">
      {issues.map((issue) => (
        <div key={issue.kind} className="notice error" role="alert">
          {issue.kind === 'not-saved' && (
            <p>
              <strong>Your latest changes are not saved</strong>: {issue.reason}. They are kept in this tab until you close it. Export the open case
              as a file to keep it{draft ? ' ' : '.'}
              {draft && (
                <button type="button" className="link" onClick={() => downloadText(caseFileName(draft), caseFileText(draft))}>
                  Export {draft.patient.id || 'the case'} now
                </button>
              )}
              {draft && '.'} Deleting cases you no longer need frees space.
            </p>
          )}
          {issue.kind === 'newer-version' && (
            <p>
              <strong>This library was saved by a newer version of Caliper</strong> (saved data version {issue.version}; this version reads up to{' '}
              {STORE_VERSION}). It is open read-only, so that nothing the newer version wrote is lost: cases can be opened, read and exported, not
              changed, and nothing is saved. Open Caliper&apos;s newer version to edit them.
            </p>
          )}
          {issue.kind === 'unreadable' && (
            <p>
              {issue.cases ? (
                <>
                  <strong>{issue.cases.length === 1 ? 'A saved case' : `${issue.cases.length} saved cases`} could not be read</strong> ({issue.cases.join(', ')}:{' '}
                  {issue.reason}) and {issue.cases.length === 1 ? 'is' : 'are'} not in the library; every other case is.{' '}
                </>
              ) : (
                <>
                  <strong>The saved library could not be read</strong> ({issue.reason}), so Caliper started with the built-in example.{' '}
                </>
              )}
              {issue.backupKey ? (
                <>
                  The {issue.cases ? 'saved library, with what could not be read,' : 'unreadable data'} was kept in this browser under <code>{issue.backupKey}</code>.
                </>
              ) : (
                <>It could not be kept aside in this browser: download it now.</>
              )}{' '}
              <button type="button" className="link" onClick={() => downloadText('caliper-unreadable-library.json', issue.text)}>
                Download the unreadable data
              </button>
            </p>
          )}
          {issue.kind === 'conflict' && (
            <p>
              <strong>Another tab changed the same {issue.cases.length === 1 ? 'case' : 'cases'}</strong> ({issue.cases.join(', ')}): both versions are
              kept; the other tab&apos;s is marked &ldquo;(from another tab)&rdquo; in the library.
            </p>
          )}
          {issue.kind !== 'not-saved' && issue.kind !== 'newer-version' && (
            <button type="button" onClick={() => dismiss(issue.kind)}>
              Dismiss
            </button>
          )}
        </div>
      ))}
    </div>
  )
}
