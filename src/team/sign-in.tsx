import { useId, useState, type FormEvent } from 'react'
import { api, ApiError } from './api.ts'
import { useTeam } from './session.ts'

/** The server's sign-in: username and password; a refusal says why (wrong password, locked, too many attempts) and keeps what was typed. */
export function SignInScreen() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const reply = await api.call('login', { body: { username: username.trim(), password } })
      useTeam.getState().signedIn(reply)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="sign-in" id="main">
      <form className="panel sign-in-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>Caliper</h1>
        <p className="muted">Sign in to your trial team's Caliper server.</p>
        <div className="field">
          <label htmlFor={`${id}-user`}>Username</label>
          <input id={`${id}-user`} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input id={`${id}-password`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </div>
        {error && <p className="notice error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy || !username.trim() || !password}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  )
}
