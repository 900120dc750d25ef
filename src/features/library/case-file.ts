/** Writing a case file (reading one, which needs the engine, is read-case-file.ts). */
import { draftToInput, type CaseDraft } from '../../store/case-draft.ts'
import { downloadTextFile, fileStem } from '../../components/download.ts'

/** The open case as a file: typed numbers become numbers. */
export const caseFileText = (draft: CaseDraft) => `${JSON.stringify(draftToInput(draft), null, 2)}\n`

export const caseFileName = (draft: CaseDraft) => `${fileStem(draft.patient.id)}.json`

/** Saves a case (or other JSON text) as a file through the browser's download; nothing leaves the machine. */
export const downloadText = (filename: string, text: string) => downloadTextFile(filename, text, 'application/json')
