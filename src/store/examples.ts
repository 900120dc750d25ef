/** The built-in example cases, offered in the library; the first is what a new browser opens with. */
import sorafenib from '../samples/sorafenib-lung-metastases.json'
import pelvic from '../samples/pelvic-osteosarcoma-mixed-bone.json'
import recistPr from '../samples/recist-confirmed-pr-cr.json'
import antiangiogenic from '../samples/pelvic-osteosarcoma-antiangiogenic.json'
import { CaseDraftSchema, type CaseDraft } from './case-draft.ts'

export interface Example {
  id: string
  title: string
  draft: CaseDraft
}

/**
 * An example whose draft is read (validated against the draft schema) when first asked for, not
 * as the app starts: a browser with a saved library opens its own case and never needs them.
 */
function example(id: string, title: string, file: unknown): Example {
  let draft: CaseDraft | undefined
  return {
    id,
    title,
    get draft() {
      return (draft ??= CaseDraftSchema.parse(file))
    },
  }
}

export const EXAMPLES: readonly Example[] = [
  example('sorafenib-lung-metastases', 'Osteosarcoma lung metastases on sorafenib (RECIST SD, Choi PR)', sorafenib),
  example('pelvic-osteosarcoma-mixed-bone', 'Pelvic primary osteosarcoma: mixed lytic–blastic bone lesion with a soft-tissue mass', pelvic),
  example('recist-confirmed-pr-cr', 'Confirmed RECIST 1.1 response: PR, then CR', recistPr),
  example('pelvic-osteosarcoma-antiangiogenic', 'Pelvic osteosarcoma on regorafenib: diameters SD, volume and Ktrans fall (DCE-MRI, blood biomarkers)', antiangiogenic),
]
