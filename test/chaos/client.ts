/** A minimal signed-in HTTP client for tests that drive a real server process. */
export class Client {
  private cookie = '';
  private csrf = '';
  constructor(readonly base: string) {}

  async signIn(username: string, password: string, purpose: string): Promise<void> {
    const r = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!r.ok) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
    this.cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
    await this.send('PUT', '/api/auth/purpose', { purpose });
  }

  /** The session cookie and CSRF header, for tools that make their own requests. */
  get authHeaders(): Record<string, string> {
    return { cookie: this.cookie, 'x-csrf-token': this.csrf };
  }

  async send(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; body: any }> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.authHeaders, ...(body === undefined ? {} : { 'content-type': type }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed };
  }
}
