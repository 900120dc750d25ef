import { create } from 'zustand'
import { LoginReply, type CaseSummary, type Meaning, type Role, type User } from '../../server/api-schemas.ts'
import { api } from './api.ts'

/** Who is signed in (the server's session cookie is HttpOnly: this is only what the app shows). */
export interface TeamState {
  user: User | null
  /** The server's cases as this user may see them (a reader: their reads). */
  cases: CaseSummary[] | null
  signedIn: (reply: { user: User; csrfToken: string }) => void
  signedOut: () => void
  setCases: (cases: CaseSummary[]) => void
}

export const useTeam = create<TeamState>()((set) => ({
  user: null,
  cases: null,
  signedIn: ({ user, csrfToken }) => {
    api.setCsrfToken(csrfToken)
    set({ user, cases: null })
  },
  signedOut: () => {
    api.setCsrfToken(null)
    set({ user: null, cases: null })
  },
  setCases: (cases) => set({ cases }),
}))

/** The /api/me answer given at start, if it is one. */
export const initialSession = (answer: unknown) => {
  const parsed = LoginReply.safeParse(answer)
  return parsed.success ? parsed.data : null
}

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  coordinator: 'Trial coordinator',
  reader: 'Reader',
  adjudicator: 'Adjudicator',
  monitor: 'Monitor',
}

/** Re-reads the case list; errors are the caller's to show. */
export async function refreshCases() {
  const { cases } = await api.call('listCases')
  useTeam.getState().setCases(cases)
  return cases
}

/** What each signature meaning says, shown where the user signs (21 CFR 11.50: the meaning is part of the signature). */
export const MEANING_TEXT: Record<Meaning, string> = {
  read: 'Read: these are my measurements of these images, made blinded to the other reader.',
  adjudicated: 'Adjudicated: this is the final read of the case.',
  approved: 'Approved: I have checked this documentation and approve it.',
}
