import { useEffect, useState, type FormEvent } from 'react'
import { ROLES, type Role, type User } from '../../server/api-schemas.ts'
import { api, ApiError } from './api.ts'
import { ROLE_NAMES } from './session.ts'

const FIELD_LABELS: Record<string, string> = { username: 'Username', displayName: 'Full name', role: 'Role', password: 'First password' }

/** The administrator's accounts screen: who may sign in, with which role; new accounts with a first password. */
export function Accounts() {
  const [users, setUsers] = useState<User[]>([])
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('reader')
  const [password, setPassword] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string; problems?: string[] } | null>(null)
  const load = () => api.call('listUsers').then(({ users }) => setUsers(users), (e: ApiError) => setMessage({ ok: false, text: e.message }))
  useEffect(() => void load(), [])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMessage(null)
    try {
      const user = await api.call('createUser', { body: { username: username.trim(), displayName: displayName.trim() || undefined, role, password } })
      setMessage({ ok: true, text: `Created ${user.displayName} (${user.username}), ${ROLE_NAMES[user.role].toLowerCase()}.` })
      setUsername('')
      setDisplayName('')
      setPassword('')
      await load()
    } catch (err) {
      if (err instanceof ApiError) setMessage({ ok: false, text: err.message, problems: err.problems.map((p) => `${FIELD_LABELS[p.path] ?? p.path}: ${p.message}`) })
      else setMessage({ ok: false, text: String(err) })
    }
  }
  return (
    <>
      <section className="panel" aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts</h2>
        <table className="library-table">
          <caption className="visually-hidden">Accounts</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Role</th><th scope="col">State</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}><th scope="row">{u.displayName}</th><td>{u.username}</td><td>{ROLE_NAMES[u.role]}</td><td>{u.disabled ? 'disabled' : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? `locked until ${new Date(u.lockedUntil).toLocaleString()}` : 'active'}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="new-account-title">
        <h2 id="new-account-title">New account</h2>
        <form className="row" onSubmit={(e) => void submit(e)}>
          <div className="field"><label htmlFor="new-username">Username</label><input id="new-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" /></div>
          <div className="field"><label htmlFor="new-name">Full name</label><input id="new-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" /></div>
          <div className="field">
            <label htmlFor="new-role">Role</label>
            <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}</select>
          </div>
          <div className="field"><label htmlFor="new-password">First password</label><input id="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" /></div>
          <button type="submit" className="primary" disabled={!username.trim() || !password}>Create account</button>
        </form>
        {message && (
          <div className={`notice ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
            <p>{message.text}</p>
            {message.problems && message.problems.length > 0 && <ul>{message.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          </div>
        )}
      </section>
    </>
  )
}
