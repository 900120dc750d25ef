import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { allowed, CSRF_HEADER, type Role } from '../../server/api-schemas.ts'
import { useAppStore } from '../../src/store/app-store.ts'
import { detectServer } from '../../src/team/detect.ts'
import { useServerCase } from '../../src/team/server-case.ts'
import { useTeam } from '../../src/team/session.ts'
import { TeamApp } from '../../src/team/team-app.tsx'
import { captureDownloads, smallCase } from '../app/helpers.tsx'
import { AT, doc, fakeServer, ID, loginReply, summary } from './fake-server.ts'

const measured = (values: readonly number[]) => ['t0', 't1', 't2'].map((timepoint, i) => ({ timepoint, status: 'measured', longAxisMm: values[i] }))
const caseWith = (values: readonly number[], more: Record<string, unknown> = {}) =>
  smallCase({ lesions: [{ id: 'L1', name: '', organ: 'liver', kind: 'non-nodal', role: 'target', assessments: measured(values) }], ...more })

function start(signedIn: unknown) {
  useTeam.setState({ user: null, cases: null })
  useServerCase.setState({ opened: null })
  useAppStore.setState(useAppStore.getInitialState(), true)
  const user = userEvent.setup()
  return { user, ...render(<TeamApp signedIn={signedIn} />) }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('team mode: detecting the server', () => {
  const answer = (status: number, type: string, body: string) => vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } }))
  it.each([
    ['a Caliper server, nobody signed in (401 JSON)', answer(401, 'application/json', '{"error":"Sign in first.","problems":[]}'), { signedIn: null }],
    ['a Caliper server, a session still open (200 JSON)', answer(200, 'application/json', '{"x":1}'), { signedIn: { x: 1 } }],
    ['vite or a static host answering index.html (200 HTML)', answer(200, 'text/html', '<!doctype html>'), null],
    ['a static host without the path (404 HTML)', answer(404, 'text/html', 'Not found'), null],
    ['a server error that is not JSON (500)', answer(500, 'text/plain', 'oops'), null],
    ['no network at all', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))), null],
  ])('%s', async (_, fetchImpl, expected) => {
    expect(await detectServer(fetchImpl as unknown as typeof fetch)).toEqual(expected)
    expect(fetchImpl).toHaveBeenCalledWith('/api/me', expect.objectContaining({ credentials: 'same-origin' }))
  })
})

describe('team mode: signing in', () => {
  it('a wrong password shows the server\'s sentence and keeps the username; the right one opens the worklist, and the CSRF token goes with every change', async () => {
    const server = fakeServer({
      'POST /api/login': (req) =>
        (req.body as { password: string }).password === 'right horse'
          ? { status: 200, body: loginReply('reader', 'rita') }
          : { status: 401, body: { error: 'Wrong username or password.', problems: [] } },
      'GET /api/cases': { status: 200, body: { cases: [] } },
      'POST /api/logout': { status: 200, body: { ok: true } },
    })
    const { user } = start(null)
    await user.type(screen.getByLabelText('Username'), 'rita')
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.')
    expect(screen.getByLabelText('Username')).toHaveValue('rita')
    expect(screen.getByLabelText('Password')).toHaveValue('')
    await user.type(screen.getByLabelText('Password'), 'right horse')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Your worklist' })).toBeInTheDocument()
    expect(screen.getByLabelText('Signed in as')).toHaveTextContent('Rita Example · Reader')
    expect(await screen.findByText('Nothing is assigned to you.')).toBeInTheDocument()
    expect(server.last('POST', '/api/login')!.headers[CSRF_HEADER]).toBeUndefined()
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(server.last('POST', '/api/logout')!.headers[CSRF_HEADER]).toBe('csrf-reader')
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('an open session (GET /api/me at start) skips the sign-in screen; a 401 later sends the user back to it and forgets the cases', async () => {
    fakeServer({ 'GET /api/cases': { status: 401, body: { error: 'Your session has expired. Sign in again.', problems: [] } } })
    start(loginReply('monitor'))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(useAppStore.getState().library).toEqual({})
  })
})

describe('team mode: saving over someone else\'s save (409)', () => {
  it('shows their changes and mine by name, lets me choose where both changed a field, and saves the merge with the new version', async () => {
    const base = caseWith([30, 30, 30])
    const theirs = caseWith([30, 28, 30], { patient: { id: 'T-1', diagnosis: 'osteosarcoma' } })
    const puts: unknown[] = []
    const server = fakeServer({
      'GET /api/cases': { status: 200, body: { cases: [summary()] } },
      [`GET /api/cases/${ID.caseA}`]: { status: 200, body: doc(base) },
      [`PUT /api/cases/${ID.caseA}`]: (req) => {
        puts.push(req.body)
        return req.headers['if-match'] === '3'
          ? { status: 409, body: { error: 'Someone saved this case since you opened it.', problems: [], current: doc(theirs, { version: 4 }) } }
          : { status: 200, body: { version: 5 } }
      },
    })
    const { user } = start(loginReply('coordinator'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const cell = async (name: string, text: string) => {
      const input = await screen.findByRole('textbox', { name })
      await user.clear(input)
      await user.type(input, text)
    }
    await cell('L1 long axis (mm) at Week 8', '25')
    await cell('L1 long axis (mm) at Week 13', '20')
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save' }))

    const dialog = await screen.findByRole('dialog', { name: 'Someone else saved this case' })
    expect(dialog).toHaveTextContent('Version 4 was saved on the server after you opened version 3. Nothing was overwritten.')
    expect(within(within(dialog).getByRole('list', { name: 'Their changes' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Patient diagnosis: breast cancer → osteosarcoma',
      'L1 long axis (mm) at Week 8: 30 → 28',
    ])
    expect(within(dialog).getByRole('list', { name: 'Your changes that fit in' })).toHaveTextContent('L1 long axis (mm) at Week 13: 30 → 20')
    const conflict = within(dialog).getByRole('radiogroup', { name: 'L1 long axis (mm) at Week 8' })
    expect(within(conflict).getByRole('radio', { name: 'Yours: 25' })).toBeChecked()
    await user.click(within(conflict).getByRole('radio', { name: 'Theirs: 28' }))
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }))

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toHaveValue('28')
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })).toHaveValue('20')
    expect(screen.getByRole('textbox', { name: /Diagnosis/ })).toHaveValue('osteosarcoma')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Saved as version 5.')).toBeInTheDocument()
    const saved = server.last('PUT', `/api/cases/${ID.caseA}`)!
    expect(saved.headers['if-match']).toBe('4')
    expect(saved.headers[CSRF_HEADER]).toBe('csrf-coordinator')
    expect(saved.body).toEqual(caseWith([30, 28, 20], { patient: { id: 'T-1', diagnosis: 'osteosarcoma' } }))
    expect(puts).toHaveLength(2)
  })

  it('"Take theirs" drops my changes and opens their version', async () => {
    fakeServer({
      'GET /api/cases': { status: 200, body: { cases: [summary()] } },
      [`GET /api/cases/${ID.caseA}`]: { status: 200, body: doc(caseWith([30, 30, 30])) },
      [`PUT /api/cases/${ID.caseA}`]: { status: 409, body: { error: 'Stale.', problems: [], current: doc(caseWith([30, 28, 30]), { version: 4 }) } },
    })
    const { user } = start(loginReply('coordinator'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const input = await screen.findByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })
    await user.clear(input)
    await user.type(input, '12')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await user.click(await screen.findByRole('button', { name: 'Take theirs (drop my changes)' }))
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })).toHaveValue('30')
    expect(screen.getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toHaveValue('28')
    expect(screen.getByText('Their version is open; your changes were dropped.')).toBeInTheDocument()
  })
})

describe("team mode: a reader's worklist", () => {
  it('lists the reads with what is left to sign; signing needs the password, sends the meaning "read", and waits for unsaved changes to be saved', async () => {
    let toSign = ['t0', 't1']
    const read = summary({ id: ID.readA1, kind: 'read', reading: 'reading' })
    const server = fakeServer({
      'GET /api/cases': () => ({ status: 200, body: { cases: [{ ...read, toSign }] } }),
      [`GET /api/cases/${ID.readA1}`]: { status: 200, body: doc(caseWith([30, 30, 30]), { id: ID.readA1, kind: 'read' }) },
      [`GET /api/cases/${ID.readA1}/signatures`]: () => ({
        status: 200,
        body: { signatures: toSign.length === 2 ? [] : [{ id: ID.signature, timepoint: 't0', meaning: 'read', username: 'rita', displayName: 'Rita Example', role: 'reader', signedAt: AT }] },
      }),
      [`POST /api/cases/${ID.readA1}/signatures`]: (req) => {
        if ((req.body as { password: string }).password !== 'right horse') return { status: 401, body: { error: 'The password is not right: not signed.', problems: [] } }
        toSign = ['t1']
        return { status: 201, body: { signature: { id: ID.signature, timepoint: 't0', meaning: 'read', username: 'rita', displayName: 'Rita Example', role: 'reader', signedAt: AT }, version: 4 } }
      },
    })
    const { user } = start(loginReply('reader', 'rita'))
    const row = (await screen.findByRole('rowheader', { name: 'T-1' })).closest('tr')!
    expect(row).toHaveTextContent('2 timepoints')
    await user.click(within(row).getByRole('button', { name: 'Open T-1' }))
    expect(await screen.findByRole('heading', { name: 'Your read of T-1' })).toBeInTheDocument()
    const sign = screen.getByRole('region', { name: 'Sign' })
    expect(within(sign).getAllByRole('option').map((o) => o.textContent)).toEqual(['Baseline', 'Week 8'])
    expect(sign).toHaveTextContent('Read: these are my measurements of these images, made blinded to the other reader.')

    const input = screen.getByRole('textbox', { name: 'L1 long axis (mm) at Baseline' })
    await user.clear(input)
    await user.type(input, '31')
    await user.type(within(sign).getByLabelText('Your password, to sign'), 'wrong')
    expect(within(sign).getByRole('button', { name: 'Sign as read' })).toBeDisabled()
    expect(sign).toHaveTextContent('Save first: a signature covers what is saved.')
    await user.keyboard('{Control>}z{/Control}')
    await waitFor(() => expect(within(sign).getByRole('button', { name: 'Sign as read' })).toBeEnabled())

    await user.click(within(sign).getByRole('button', { name: 'Sign as read' }))
    expect(await within(sign).findByRole('alert')).toHaveTextContent('The password is not right: not signed.')
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    await user.clear(within(sign).getByLabelText('Your password, to sign'))
    await user.type(within(sign).getByLabelText('Your password, to sign'), 'right horse')
    await user.click(within(sign).getByRole('button', { name: 'Sign as read' }))
    await waitFor(() => expect(within(sign).getAllByRole('option').map((o) => o.textContent)).toEqual(['Week 8']))
    expect(server.last('POST', `/api/cases/${ID.readA1}/signatures`)!.body).toEqual({ timepoint: 't0', meaning: 'read', password: 'right horse' })
    expect(server.last('POST', `/api/cases/${ID.readA1}/signatures`)!.headers[CSRF_HEADER]).toBe('csrf-reader')
    expect(await within(sign).findByRole('list', { name: 'Signatures' })).toHaveTextContent('Baseline: read, Rita Example (rita)')
    expect(within(sign).getByLabelText('Your password, to sign')).toHaveValue('')
  })
})

describe('team mode: double reading and adjudication', () => {
  const reads = (adjudication: unknown = null) => ({
    assignment: { timepoints: ['t0', 't1', 't2'], assignedAt: AT, assignedBy: 'cora' },
    reads: [
      { slot: 1, reader: { id: ID.reader1, username: 'rita', displayName: 'Rita Example' }, version: 4, signed: ['t0', 't1', 't2'], complete: true, case: caseWith([30, 20, 20]) },
      { slot: 2, reader: { id: ID.reader2, username: 'ravi', displayName: 'Ravi Example' }, version: 4, signed: ['t0', 't1', 't2'], complete: true, case: caseWith([30, 29, 29]) },
    ],
    comparison: {
      evaluations: [{}, {}],
      disagreements: [
        { level: 'lesion', lesion: 'L1', timepoint: 't1', field: 'longAxisMm', reader1: 20, reader2: 29, message: 'long axis 20 mm against 29 mm' },
        { level: 'timepoint', criterion: 'recist11', timepoint: 't1', reader1: 'PR', reader2: 'SD', message: 'response PR against SD' },
        { level: 'criterion', criterion: 'recist11', reader1: 'PR', reader2: 'SD', message: 'best overall response PR against SD' },
      ],
    },
    adjudication,
  })
  const routes = (role: 'adjudicator' | 'monitor', reading: string, adjudicated: unknown = null) => ({
    'GET /api/cases': { status: 200, body: { cases: [summary({ reading })] } },
    [`GET /api/cases/${ID.caseA}`]: { status: 200, body: doc(caseWith([30, 30, 30])) },
    [`GET /api/cases/${ID.caseA}/reads`]: { status: 200, body: reads(adjudicated) },
    [`GET /api/cases/${ID.caseA}/audit`]: { status: 200, body: { entries: [] } },
    ...(role === 'adjudicator'
      ? { [`POST /api/cases/${ID.caseA}/adjudication`]: { status: 201, body: reads({ choice: 'reader2', reason: 'L1 at Week 8 was measured on an oblique slice by reader 1', adjudicator: 'adam', signedAt: AT }) } }
      : {}),
  })

  it('the adjudicator sees both reads side by side and every disagreement by level, and picks the final read with a reason and the password', async () => {
    const server = fakeServer(routes('adjudicator', 'ready'))
    const { user } = start(loginReply('adjudicator', 'adam'))
    expect(await screen.findByRole('cell', { name: 'both reads signed: to adjudicate' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Open T-1' }))
    const perLesion = await screen.findByRole('table', { name: 'Disagreements per lesion' })
    expect(within(perLesion).getAllByRole('row')[1]!.textContent).toBe('L1, Week 82029long axis 20 mm against 29 mm')
    expect(screen.getByRole('table', { name: 'Disagreements per timepoint' })).toHaveTextContent('Week 8, RECIST 1.1PRSDresponse PR against SD')
    expect(screen.getByRole('table', { name: 'Disagreements per criterion' })).toHaveTextContent('RECIST 1.1PRSDbest overall response PR against SD')
    const recist = screen.getByRole('table', { name: 'RECIST 1.1' })
    const week8 = within(recist).getByRole('rowheader', { name: 'Week 8' }).closest('tr')!
    expect(week8).toHaveClass('disagree')
    expect(within(week8).getAllByRole('cell').map((c) => c.textContent)).toEqual(['PR', 'SD (differs)'])
    expect(within(recist).queryByRole('rowheader', { name: 'Baseline' })).toBeNull()

    const form = screen.getByRole('region', { name: 'Adjudicate' })
    const submit = within(form).getByRole('button', { name: 'Sign as adjudicated' })
    await user.click(within(form).getByRole('radio', { name: "Reader 2's read (Ravi Example)" }))
    expect(submit).toBeDisabled()
    await user.type(within(form).getByLabelText('Reason'), 'L1 at Week 8 was measured on an oblique slice by reader 1')
    await user.type(within(form).getByLabelText('Your password, to sign'), 'pw')
    await user.click(submit)
    expect(await screen.findByRole('region', { name: 'Adjudicated' })).toHaveTextContent("Final read: Reader 2's read, by adam")
    expect(server.last('POST', `/api/cases/${ID.caseA}/adjudication`)!.body).toEqual({ choice: 'reader2', reason: 'L1 at Week 8 was measured on an oblique slice by reader 1', password: 'pw' })
    expect(screen.queryByRole('region', { name: 'Adjudicate' })).not.toBeInTheDocument()
  })

  it('the adjudicator records an own read: started from a reader\'s read, edited in the entry grid, evaluated beside both reads, signed with a reason and the password', async () => {
    const reason = 'remeasured'
    let tries = 0
    const server = fakeServer({
      ...routes('adjudicator', 'ready'),
      [`POST /api/cases/${ID.caseA}/adjudication`]: () =>
        ++tries === 1
          ? { status: 400, body: { error: 'The request is not valid', problems: [{ path: 'case.lesions[0].assessments[1].longAxisMm', message: 'must be at most 2000' }] } }
          : { status: 201, body: reads({ choice: 'own', reason, adjudicator: 'adam', signedAt: AT }) },
    })
    const { user } = start(loginReply('adjudicator', 'adam'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const form = await screen.findByRole('region', { name: 'Adjudicate' })
    await user.click(within(form).getByRole('radio', { name: 'My own read' }))
    await user.type(within(form).getByLabelText('Reason'), reason)
    await user.type(within(form).getByLabelText('Your password, to sign'), 'pw')
    // Nothing to sign until a read is started.
    expect(within(form).getByRole('button', { name: 'Sign as adjudicated' })).toBeDisabled()
    const startFrom = within(form).getByRole('group', { name: 'Start from' })
    expect(within(startFrom).getAllByRole('button').map((b) => b.textContent)).toEqual(["Reader 1's read (Rita Example)", "Reader 2's read (Ravi Example)", 'The blank read the readers started from'])
    await user.click(within(startFrom).getByRole('button', { name: "Reader 2's read (Ravi Example)" }))

    // The app's own entry grid, holding reader 2's measurements; the side-by-side gains a column for this read.
    const week8 = within(form).getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })
    expect(week8).toHaveValue('29')
    const recistWeek8 = () => within(within(screen.getByRole('table', { name: 'RECIST 1.1' })).getByRole('rowheader', { name: 'Week 8' }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent)
    expect(within(screen.getByRole('table', { name: 'RECIST 1.1' })).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Timepoint', 'Reader 1', 'Reader 2', 'Your read'])
    expect(recistWeek8()).toEqual(['PR', 'SD (differs)', 'SD'])
    // 30 → 21.1 mm is a 29.7 % decrease: SD; 30 → 21 mm is 30 %: PR, exactly at the threshold.
    await user.clear(week8)
    await user.type(week8, '21.1')
    await waitFor(() => expect(recistWeek8()).toEqual(['PR', 'SD (differs)', 'SD']))
    await user.type(week8, '{Backspace}{Backspace}')
    await waitFor(() => expect(recistWeek8()).toEqual(['PR', 'SD (differs)', 'PR']))

    // Starting again replaces it; Undo brings it back.
    await user.click(within(form).getByRole('button', { name: "Reader 1's read (Rita Example)" }))
    expect(within(form).getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toHaveValue('20')
    await user.keyboard('{Control>}z{/Control}')
    await waitFor(() => expect(within(form).getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toHaveValue('21'))

    // Another tab shows the case itself, not the own read; coming back, the own read is still there.
    const tabs = screen.getByRole('navigation', { name: 'Case screens' })
    await user.click(within(tabs).getByRole('button', { name: 'Results' }))
    await screen.findByRole('group', { name: 'Study settings and options, read only' })
    expect(screen.queryByRole('region', { name: 'Adjudicate' })).toBeNull()
    expect(useAppStore.getState().openId).toBe(ID.caseA)
    await user.click(within(tabs).getByRole('button', { name: 'Double reading' }))
    const again = await screen.findByRole('region', { name: 'Adjudicate' })
    expect(within(again).getByRole('radio', { name: 'My own read' })).toBeChecked()
    expect(within(again).getByRole('textbox', { name: 'L1 long axis (mm) at Week 8' })).toHaveValue('21')
    expect(Object.keys(useAppStore.getState().library)).toHaveLength(2)
    await user.type(within(again).getByLabelText('Reason'), reason)
    await user.type(within(again).getByLabelText('Your password, to sign'), 'pw')

    // A problem the server finds in the read is named as the grid names the field.
    await user.click(within(again).getByRole('button', { name: 'Sign as adjudicated' }))
    expect(await within(again).findByRole('alert')).toHaveTextContent('L1 long axis (mm) at Week 8: must be at most 2000')
    await user.type(within(again).getByLabelText('Your password, to sign'), 'pw')
    await user.click(within(again).getByRole('button', { name: 'Sign as adjudicated' }))
    expect(await screen.findByRole('region', { name: 'Adjudicated' })).toHaveTextContent("Final read: the adjudicator's own read, by adam")
    const sent = server.last('POST', `/api/cases/${ID.caseA}/adjudication`)!
    expect(sent.body).toEqual({ choice: 'own', case: caseWith([30, 21, 29]), reason, password: 'pw' })
    expect(sent.headers[CSRF_HEADER]).toBe('csrf-adjudicator')
    // The case is opened again as the server now holds it, and the own read is let go.
    await waitFor(() => expect(Object.keys(useAppStore.getState().library)).toEqual([ID.caseA]))
    expect(within(screen.getByRole('table', { name: 'RECIST 1.1' })).queryByRole('columnheader', { name: 'Your read' })).toBeNull()
    // A long walk through the app: on a loaded machine it may take minutes; nothing here is judged on speed.
  }, 240_000)

  it('a blank read to start from has nothing measured at the assigned timepoints; a read with a problem cannot be signed', async () => {
    fakeServer(routes('adjudicator', 'ready'))
    const { user } = start(loginReply('adjudicator', 'adam'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const form = await screen.findByRole('region', { name: 'Adjudicate' })
    await user.click(within(form).getByRole('radio', { name: 'My own read' }))
    await user.click(within(form).getByRole('button', { name: 'The blank read the readers started from' }))
    for (const at of ['Baseline', 'Week 8', 'Week 13']) expect(within(form).getByRole('textbox', { name: `L1 long axis (mm) at ${at}` })).toHaveValue('')
    await user.type(within(form).getByLabelText('Reason'), 'remeasured')
    await user.type(within(form).getByLabelText('Your password, to sign'), 'pw')
    for (const [at, value] of [['Baseline', '30'], ['Week 8', '21'], ['Week 13', '20']] as const) await user.type(within(form).getByRole('textbox', { name: `L1 long axis (mm) at ${at}` }), value)
    expect(within(form).getByRole('button', { name: 'Sign as adjudicated' })).toBeEnabled()
    const patientId = within(form).getByRole('textbox', { name: /Patient ID/ })
    await user.clear(patientId)
    expect(await within(form).findByText('Your read has problems (listed above the grid): fix them to sign it.')).toBeInTheDocument()
    expect(within(form).getByRole('button', { name: 'Sign as adjudicated' })).toBeDisabled()
  }, 240_000)

  it('the monitor sees the reads, the adjudication and the audit trail, and is offered nothing that changes them', async () => {
    fakeServer(routes('monitor', 'adjudicated', { choice: 'reader2', reason: 'oblique slice', adjudicator: 'adam', signedAt: AT }))
    const { user } = start(loginReply('monitor', 'mona'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    expect(await screen.findByRole('region', { name: 'Adjudicated' })).toHaveTextContent('Reason: oblique slice')
    expect(screen.getByText('Read only: your role sees this case but does not change it.')).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Case screens' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['Results', 'Caveats', 'Double reading', 'Export', 'Audit trail'])
    for (const name of ['Save', 'Sign as read', 'Sign as adjudicated', 'Assign']) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Adjudicate' })).not.toBeInTheDocument()
    expect(screen.queryByRole('textbox', { name: /long axis/ })).not.toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Screens' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['Cases', 'Cohort', 'Audit check'])
    // The Results screen shows the case's settings and criterion options, and none of them can be changed.
    await user.click(within(screen.getByRole('navigation', { name: 'Case screens' })).getByRole('button', { name: 'Results' }))
    const options = await screen.findByRole('group', { name: 'Study settings and options, read only' })
    const controls = within(options).queryAllByRole('combobox').concat(within(options).queryAllByRole('checkbox'), within(options).queryAllByRole('spinbutton'), within(options).queryAllByRole('textbox'))
    expect(controls.length).toBeGreaterThan(3)
    for (const control of controls) expect(control).toBeDisabled()
  })
})

describe('team mode: exporting a case', () => {
  const exportUrl = (query: string) => `GET /api/cases/${ID.caseA}/export?${query}`
  const file = (name: string, text: string, type = 'text/csv; charset=utf-8') => ({ status: 200, text, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}"` } })
  const caseRoutes = (kase: unknown = caseWith([30, 20, 20])) => ({
    'GET /api/cases': { status: 200, body: { cases: [summary()] } },
    [`GET /api/cases/${ID.caseA}`]: { status: 200, body: doc(kase) },
    [`GET /api/cases/${ID.caseA}/reads`]: { status: 200, body: { assignment: null, reads: [], comparison: null, adjudication: null } },
    [`GET /api/cases/${ID.caseA}/signatures`]: { status: 200, body: { signatures: [] } },
  })
  const openExport = async (user: ReturnType<typeof userEvent.setup>) => {
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    await user.click(within(await screen.findByRole('navigation', { name: 'Case screens' })).getByRole('button', { name: 'Export' }))
    return screen.findByRole('region', { name: 'Export' })
  }

  it('the coordinator downloads the case file, the CSV and the report as the server makes them, named as the server names them', async () => {
    const downloads = captureDownloads()
    const server = fakeServer({
      ...caseRoutes(),
      [exportUrl('format=case')]: file('T-1.json', '{"format":"tumor-response-case"}\n', 'application/json; charset=utf-8'),
      [exportUrl('format=csv')]: file('T-1.csv', 'section,patient\nmeasurement,T-1\n'),
      [exportUrl('format=report')]: file('T-1-report.html', '<!doctype html><title>T-1</title>', 'text/html; charset=utf-8'),
    })
    const { user } = start(loginReply('coordinator', 'cora'))
    const panel = await openExport(user)
    expect(panel).toHaveTextContent('from the case as saved (version 3)')
    expect(panel).toHaveTextContent("Each download is recorded in the case's audit trail: who, when and which file.")
    await user.click(within(panel).getByRole('button', { name: 'Download CSV' }))
    expect(await within(panel).findByRole('status')).toHaveTextContent('Downloaded T-1.csv.')
    await user.click(within(panel).getByRole('button', { name: 'Download case file (JSON)' }))
    await within(panel).findByText('Downloaded T-1.json.')
    await user.click(within(panel).getByRole('button', { name: 'Download report (HTML)' }))
    await within(panel).findByText('Downloaded T-1-report.html.')
    expect(downloads.names()).toEqual(['T-1.csv', 'T-1.json', 'T-1-report.html'])
    expect(await downloads.texts()).toEqual(['section,patient\nmeasurement,T-1\n', '{"format":"tumor-response-case"}\n', '<!doctype html><title>T-1</title>'])
    // A GET with the session cookie: nothing else to send, and no CSRF token needed.
    expect(server.last('GET', `/api/cases/${ID.caseA}/export?format=csv`)!.headers[CSRF_HEADER]).toBeUndefined()
  })

  it('SDTM: STUDYID is checked as the server checks it, one download per dataset (LB only with blood biomarkers), and a refusal is said in words', async () => {
    const downloads = captureDownloads()
    const server = fakeServer({
      ...caseRoutes(),
      ...Object.fromEntries(['TU', 'TR', 'RS'].map((d) => [exportUrl(`format=sdtm&domain=${d}&study=TRIAL-7`), file(`T-1-${d}.csv`, `STUDYID,DOMAIN\nTRIAL-7,${d}\n`)])),
      [exportUrl('format=sdtm&domain=TU&study=CALIPER')]: { status: 404, body: { error: 'No such case, or it is not yours to see', problems: [] } },
    })
    const { user } = start(loginReply('coordinator', 'cora'))
    const panel = await openExport(user)
    await user.click(within(panel).getByRole('button', { name: 'Download SDTM (TU, TR, RS)' }))
    expect(await within(panel).findByRole('alert')).toHaveTextContent('No such case, or it is not yours to see')
    expect(downloads.names()).toEqual([])

    const study = within(panel).getByLabelText('STUDYID')
    await user.clear(study)
    await user.type(study, 'TRIAL 7')
    expect(study).toHaveAttribute('aria-invalid', 'true')
    expect(panel).toHaveTextContent('STUDYID must be 1-40 letters, digits, "-" or "_"')
    expect(within(panel).getByRole('button', { name: 'Download SDTM (TU, TR, RS)' })).toBeDisabled()
    await user.clear(study)
    await user.type(study, 'TRIAL-7')
    await user.click(within(panel).getByRole('button', { name: 'Download SDTM (TU, TR, RS)' }))
    expect(await within(panel).findByRole('status')).toHaveTextContent('Downloaded T-1-TU.csv, T-1-TR.csv, T-1-RS.csv.')
    expect(downloads.names()).toEqual(['T-1-TU.csv', 'T-1-TR.csv', 'T-1-RS.csv'])
    expect(server.sent.filter((r) => r.url.includes('/export?')).map((r) => r.url.split('?')[1])).toEqual(['format=sdtm&domain=TU&study=CALIPER', ...['TU', 'TR', 'RS'].map((d) => `format=sdtm&domain=${d}&study=TRIAL-7`)])
  })

  it('a case with blood biomarkers offers the LB dataset too; unsaved changes are said not to be in the files', async () => {
    fakeServer(caseRoutes(caseWith([30, 20, 20], { biomarkers: [{ date: '2026-01-05', test: 'VEGF-A', value: 182, unit: 'pg/mL' }] })))
    const { user } = start(loginReply('coordinator', 'cora'))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const input = await screen.findByRole('textbox', { name: 'L1 long axis (mm) at Week 13' })
    await user.clear(input)
    await user.type(input, '18')
    await user.click(within(screen.getByRole('navigation', { name: 'Case screens' })).getByRole('button', { name: 'Export' }))
    const panel = await screen.findByRole('region', { name: 'Export' })
    expect(within(panel).getByRole('button', { name: 'Download SDTM (TU, TR, RS, LB)' })).toBeEnabled()
    expect(panel).toHaveTextContent('You have unsaved changes: they are not in the files until you save.')
  })

  it.each(['coordinator', 'reader', 'adjudicator', 'monitor'] as const)('the Export screen is there for the role %s exactly when the permission table lets it export', async (role: Role) => {
    fakeServer({
      ...caseRoutes(),
      'GET /api/cases': { status: 200, body: { cases: [role === 'reader' ? summary({ kind: 'read', reading: 'reading', toSign: ['t0'] }) : summary()] } },
      [`GET /api/cases/${ID.caseA}/audit`]: { status: 200, body: { entries: [] } },
    })
    const { user } = start(loginReply(role))
    await user.click(await screen.findByRole('button', { name: 'Open T-1' }))
    const tabs = await screen.findByRole('navigation', { name: 'Case screens' })
    await within(tabs).findByRole('button', { name: 'Results' })
    expect(within(tabs).queryByRole('button', { name: 'Export' }) !== null).toBe(allowed('exportCase', role))
  })
})
