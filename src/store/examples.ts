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

export const EXAMPLES: readonly Example[] = [
  { id: 'sorafenib-lung-metastases', title: 'Osteosarcoma lung metastases on sorafenib (RECIST SD, Choi PR)', draft: CaseDraftSchema.parse(sorafenib) },
  { id: 'pelvic-osteosarcoma-mixed-bone', title: 'Pelvic primary osteosarcoma: mixed lytic–blastic bone lesion with a soft-tissue mass', draft: CaseDraftSchema.parse(pelvic) },
  { id: 'recist-confirmed-pr-cr', title: 'Confirmed RECIST 1.1 response: PR, then CR', draft: CaseDraftSchema.parse(recistPr) },
  { id: 'pelvic-osteosarcoma-antiangiogenic', title: 'Pelvic osteosarcoma on regorafenib: diameters SD, volume and Ktrans fall (DCE-MRI, blood biomarkers)', draft: CaseDraftSchema.parse(antiangiogenic) },
]
