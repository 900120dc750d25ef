import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluateCase, parseCase } from '../../criteria/index.ts'
import { escapeHtml, reportHtml } from '../../src/documentation/report.ts'
import { caseOf } from '../fixtures/build.ts'

const sample = () => {
  const parsed = parseCase(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'samples', 'sorafenib-lung-metastases.json'), 'utf8')))
  if (!parsed.ok) throw new Error('sample does not parse')
  return parsed.value
}

describe('HTML report', () => {
  const kase = sample()
  const html = reportHtml(kase, evaluateCase(kase, ['recist11', 'choi']), { generatedAt: '2026-07-01T10:00:00Z', locale: 'en-GB', timeZone: 'Europe/Paris' })
  const doc = new DOMParser().parseFromString(html, 'text/html')

  it('is a self-contained document with a print stylesheet and no script or external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(doc.querySelector('style')!.textContent).toMatch(/@media print/)
    expect(doc.querySelectorAll('script, link, img, iframe')).toHaveLength(0)
    expect(html).not.toMatch(/https?:\/\//)
  })
  it('shows the settings, the measurement table, each criterion with its options and best response, and findings', () => {
    const text = doc.body.textContent!
    expect(doc.title).toBe('Caliper report: OS-014')
    expect(text).toMatch(/Confirmationrequired, at least 28 days later/)
    const measurements = doc.querySelector('table.measurements')!
    expect(measurements.querySelectorAll('tbody tr')).toHaveLength(4)
    expect(measurements.textContent).toMatch(/22 mm× 18 mm46 HU/)
    expect(text).toMatch(/RECIST 1\.1 \(recist11, version 1\.1, established\)/)
    // Options in words, timepoints by label and date.
    expect(text).toMatch(/PR persistence: A confirmed PR holds until PD \(EORTC FAQ\)/)
    expect(text).not.toMatch(/eortc|_faq/)
    expect(text).not.toMatch(/prPersistence/)
    expect(text).toMatch(/Best overall response: SD \(common scale SD\) at Week 7 \(2026-03-02\)/)
    expect(text).toMatch(/Best overall response: PR \(common scale PR\) at Week 7 \(2026-03-02\), confirmed/)
    expect(text).toMatch(/cavitation: Target L1/)
    expect(text).toMatch(/recist-stable-attenuation-responds/)
    expect(text).toMatch(/No timepoint has been signed off/)
    expect(text).toMatch(/Generated 1 Jul 2026, 12:00 CEST/)
  })
  it('opens with a summary: patient, each criterion’s best response beside RECIST 1.1, where they disagree, the trend plots, the caveats and the signatures', () => {
    const summary = doc.querySelector('section.summary')!
    const bor = [...summary.querySelectorAll('table.bor tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
    expect(bor).toEqual([
      ['RECIST 1.1', 'SD', 'Week 7 (2026-03-02)', '—', '—'],
      ['Choi', 'PR', 'Week 7 (2026-03-02)', 'confirmed', 'differs from RECIST 1.1'],
    ])
    expect(summary.querySelector('ul.disagreements')!.textContent).toMatch(/^Week 7 \(2026-03-02\): RECIST 1\.1 SD vs Choi PR/)
    expect([...summary.querySelectorAll('svg title')].map((t) => t.textContent)).toEqual(['Sum of target diameters (mm)', 'Mean attenuation of the targets (HU)'])
    expect(summary.querySelector('svg')!.textContent).toMatch(/RECIST PR −30 %.*RECIST PD \+20 % nadir.*Choi PR −10 %/)
    expect(summary.querySelector('h2 + ul.caveats, h2 + p')).not.toBeNull()
    expect(summary.textContent).not.toMatch(/\bt[0-3]\b/) // no internal timepoint id
  })
  it('escapes every piece of text from the case', () => {
    const evil = caseOf({ targets: [{ values: [20, 18] }] })
    const hostile = {
      ...evil,
      patient: { id: '<script>alert(1)</script>', notes: '"><img src=x onerror=alert(1)>' },
      lesions: [{ ...evil.lesions[0]!, name: '<b>bold</b> & co', organ: "it's <i>" }],
      signOffs: [{ timepoint: 't1', assessor: '<u>Dr</u>', role: 'r', date: '2026-03-01' }],
      auditLog: [{ at: '2026-03-02T00:00:00Z', who: 'x', field: 'lesions[0].name', old: '<s>', new: '</td>', reason: '<br>' }],
    }
    const out = reportHtml(hostile, evaluateCase(hostile, ['recist11']))
    const parsed = new DOMParser().parseFromString(out, 'text/html')
    expect(parsed.querySelectorAll('script, img, b, i, u, s')).toHaveLength(0)
    expect(parsed.body.textContent).toContain('<script>alert(1)</script>')
    expect(parsed.body.textContent).toContain('<b>bold</b> & co')
    expect(parsed.body.textContent).toContain('"</td>"')
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;')
  })
  it('lists sign-offs and the audit log once they exist', () => {
    const k = { ...caseOf({ targets: [{ values: [20, 18] }] }), signOffs: [{ timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-03-01' }], auditLog: [{ at: '2026-03-02T00:00:00Z', who: 'Dr B', field: 'lesions[0].assessments[1].longAxisMm', old: 17, new: 18, reason: 'remeasured' }] }
    const text = new DOMParser().parseFromString(reportHtml(k, evaluateCase(k, ['recist11'])), 'text/html').body.textContent!
    expect(text).toMatch(/Dr A \(site radiologist\), 2026-03-01/)
    expect(text.slice(text.indexOf('Audit log'))).toMatch(/Dr B2026-02-16 · T1 Target 1 · long axis1718remeasured/)
    expect(text).not.toMatch(/lesions\[0\]/)
  })
  it('signatures say who signed what, when (date, time and time zone) and what the signature means', () => {
    const k = { ...caseOf({ targets: [{ values: [20, 18] }] }), signOffs: [{ timepoint: 't1', assessor: 'Dr A', role: 'site radiologist', date: '2026-03-01', at: '2026-03-01T09:30:00Z', meaning: 'measurements read and verified' }] }
    const doc = new DOMParser().parseFromString(reportHtml(k, evaluateCase(k, ['recist11']), { locale: 'en-GB', timeZone: 'UTC' }), 'text/html')
    const row = [...doc.querySelectorAll('section.summary table.signatures tbody td')].map((td) => td.textContent)
    expect(row.slice(1)).toEqual(['Dr A (site radiologist)', '1 Mar 2026, 09:30 UTC', 'measurements read and verified'])
  })
})
