/**
 * Is this app served by a Caliper server? One request to the origin that served the page (never
 * anywhere else): GET /api/me answers JSON only from a Caliper server (200 when a session is
 * still open, 401 when not). Served by anything else (vite, a static host, a file) the answer is
 * HTML, a 404 or a network error, and the app stays in local mode, unchanged.
 *
 * It imports nothing, so that local mode's first page does not carry the team code.
 */
export type ServerAnswer = { signedIn: unknown } | { signedIn: null }

export async function detectServer(fetchImpl: typeof fetch = fetch): Promise<ServerAnswer | null> {
  if (typeof location !== 'undefined' && !/^https?:$/.test(location.protocol)) return null
  try {
    const res = await fetchImpl('/api/me', { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: AbortSignal.timeout(10_000) })
    if (!(res.headers.get('content-type') ?? '').includes('application/json')) return null
    if (res.status === 401) return { signedIn: null }
    if (res.ok) return { signedIn: await res.json() }
    return null
  } catch {
    return null
  }
}
