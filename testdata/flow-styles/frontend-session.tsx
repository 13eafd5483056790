// Style: a React front-end module that lives in the same repository as the API. It decodes the
// access token it holds only to show the user's name, schedule a refresh before `exp` and hide
// menu entries; the API verifies the token on every request. None of these is an identity use
// on the server (no req.user, no middleware, no DynamoDB key), so nothing here is flagged.
import { useEffect, useMemo, useState } from 'react';
import { jwtDecode, type JwtPayload } from 'jwt-decode';

type AppClaims = JwtPayload & { name?: string; roles?: string[]; tid?: string };

const STORAGE_KEY = 'app.accessToken';

export function readToken(): string | null {
  return window.localStorage.getItem(STORAGE_KEY);
}

export function tokenExpiresIn(token: string): number {
  // ok: jwt/decode-without-verify
  const { exp } = jwtDecode<JwtPayload>(token);
  return exp ? exp * 1000 - Date.now() : 0;
}

export function keyIdOf(token: string): string | undefined {
  // ok: jwt/decode-without-verify
  return jwtDecode<{ kid?: string }>(token, { header: true }).kid;
}

export function useSession() {
  const [token, setToken] = useState<string | null>(readToken);
  // ok: jwt/decode-without-verify
  const claims = useMemo(() => (token ? jwtDecode<AppClaims>(token) : null), [token]);

  useEffect(() => {
    if (!token) return undefined;
    const timer = window.setTimeout(async () => {
      const res = await fetch('/api/session/refresh', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      if (res.ok) {
        const body = await res.json();
        window.localStorage.setItem(STORAGE_KEY, body.token);
        setToken(body.token);
      }
    }, Math.max(tokenExpiresIn(token) - 60_000, 0));
    return () => window.clearTimeout(timer);
  }, [token]);

  return { token, claims, signOut: () => { window.localStorage.removeItem(STORAGE_KEY); setToken(null); } };
}

export function Greeting() {
  const { claims } = useSession();
  if (!claims) return <a href="/login">Sign in</a>;
  return <span className="greeting">Hello, {claims.name ?? claims.sub}</span>;
}

// Hides the admin link; the API still checks the role itself.
export function AdminLink() {
  const { claims } = useSession();
  if (!claims?.roles?.includes('admin')) return null;
  return <a href="/admin">Administration</a>;
}

export async function loadMyDocs(): Promise<unknown[]> {
  const token = readToken();
  if (!token) return [];
  // ok: jwt/decode-without-verify
  const { tid } = jwtDecode<AppClaims>(token);
  const res = await fetch(`/api/tenants/${encodeURIComponent(tid ?? '')}/docs`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.ok ? res.json() : [];
}
