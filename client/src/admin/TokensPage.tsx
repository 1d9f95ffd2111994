import { useRef, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { formatDateTime } from '../format';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { createToken, listTokens, revokeToken, type ApiToken, type NewToken } from './api';
import { Field } from '../components/Field';
import './admin.css';
import { DetailRow, EmptyRow, TableHead } from '../components/Table';
import { FormPanel } from './FormPanel';
import { Notice } from '../components/Notice';
import { DateInput } from '../components/DateInput';

const FIELDS = ['name', 'purpose', 'expiresAt'] as const;

/** Live, expired or revoked, as of now. */
const stateOf = (t: ApiToken): 'live' | 'expired' | 'revoked' =>
  t.revokedAt ? 'revoked' : new Date(t.expiresAt).getTime() <= Date.now() ? 'expired' : 'live';

/**
 * Personal access tokens (`/api/tokens`) for desktop GIS and scripts: each user
 * issues, lists and revokes their own. A new token's secret is shown once.
 */
export function TokensPage() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { data: tokens, error: loadError, update } = useRemote('tokens', listTokens);
  const [issued, setIssued] = useState<(ApiToken & { token: string }) | null>(null);
  const [notice, setNotice] = useState('');

  return (
    <div className="admin">
      <h1 ref={heading} tabIndex={-1}>
        Access tokens
      </h1>
      <p className="panel__lede admin__lede">
        A token lets desktop GIS (e.g. QGIS) or a script read Lantern as you, with the purpose you give it, without your password. Send it
        as <code>Authorization: Bearer &lt;token&gt;</code>. Every use is in the audit log. Revoke a token as soon as it is no longer needed.
      </p>
      <div className="admin-stack">
        {issued && <IssuedToken token={issued} onDone={() => setIssued(null)} />}
        <NewTokenForm
          onCreated={(t) => {
            setIssued(t);
            const { token: _secret, ...kept } = t;
            update((list) => [kept, ...list]);
          }}
        />
        <section className="panel" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">Your tokens</h2>
          <Notice text={notice} />
          {loadError && <ErrorMessage error={loadError} />}
          {tokens === null && !loadError && <p className="loading">Loading your tokens…</p>}
          {tokens && (
            <div className="table-wrap">
              <table className="table admin-table">
                <caption className="visually-hidden">Your access tokens, newest first</caption>
                <TableHead columns={['Name', 'Purpose', 'Created', 'Expires', 'Last used', 'Status', <span className="visually-hidden">Actions</span>]} />
                <tbody>
                  {tokens.length === 0 && (
                    <EmptyRow cols={7}>You have no tokens.</EmptyRow>
                  )}
                  {tokens.map((t) => (
                    <TokenRow
                      key={t.id}
                      token={t}
                      onRevoked={(r) => {
                        update((list) => list.map((x) => (x.id === r.id ? r : x)));
                        setNotice(`Revoked “${r.name}”: it no longer works.`);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

/** The secret of a token just issued, with a copy button; it is not shown again. */
function IssuedToken({ token, onDone }: { token: ApiToken & { token: string }; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const code = useRef<HTMLElement>(null);
  const box = useFocusOnMount<HTMLDivElement>();

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      // No clipboard (e.g. plain http off localhost): select it for a manual copy.
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('failed');
    }
  }

  return (
    <section className="panel token-issued" aria-labelledby="token-issued-heading">
      <div ref={box} tabIndex={-1}>
        <h2 id="token-issued-heading">Your new token “{token.name}”</h2>
        <p>
          <strong>Copy it now: it is shown only this once.</strong> Lantern keeps only a hash of it, so it cannot be shown again; if it is
          lost, revoke it and issue another.
        </p>
        <div className="token-issued__secret">
          <code ref={code} aria-label="New access token">
            {token.token}
          </code>
          <button type="button" className="button button--primary" onClick={copy}>
            Copy token
          </button>
        </div>
        <p role="status" className="token-issued__copied">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The clipboard is not available here: the token is selected, copy it with Ctrl+C.' : ''}
        </p>
        <p className="muted">
          Purpose: {token.purpose}. Expires {formatDateTime(token.expiresAt)}.
        </p>
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}

function NewTokenForm({ onCreated }: { onCreated: (t: ApiToken & { token: string }) => void }) {
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  /** YYYY-MM-DD; empty for the server's default of 90 days. */
  const [expires, setExpires] = useState('');
  const { pending, error, run } = useSubmit('The token was not issued');

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: NewToken = { name, purpose };
    // The token lasts to the end of the chosen day, in the browser's time zone.
    if (expires) body.expiresAt = Number.isNaN(new Date(`${expires}T23:59:59`).getTime()) ? expires : new Date(`${expires}T23:59:59`).toISOString();
    void run(async () => {
      onCreated(await createToken(body));
      setName('');
      setPurpose('');
      setExpires('');
    });
  }

  const msg = (f: string) => error?.fieldMessage(f);
  return (
    <FormPanel id="new-token-heading" title="New token" error={error} fields={FIELDS} onSubmit={submit} pending={pending} submit={['Issue token', 'Issuing…']}>
        <Field id="token-name" label="Name" hint="Where it is used, e.g. “QGIS on my laptop”." error={msg('name')}>
          {(a) => <input {...a} type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id="token-purpose" label="Purpose" hint="Recorded with every use, e.g. “QGIS layer for Op Phoenix”." error={msg('purpose')}>
          {(a) => <input {...a} type="text" autoComplete="off" value={purpose} onChange={(e) => setPurpose(e.target.value)} />}
        </Field>
        <Field id="token-expires" label="Expires on" hint="Optional: 90 days if left empty, at most 366." error={msg('expiresAt')}>
          {(a) => <DateInput {...a} value={expires} onChange={setExpires} />}
        </Field>
    </FormPanel>
  );
}

function TokenRow({ token: t, onRevoked }: { token: ApiToken; onRevoked: (t: ApiToken) => void }) {
  const [confirming, setConfirming] = useState(false);
  const { pending, error, run } = useSubmit('The token was not revoked');
  const state = stateOf(t);

  async function revoke() {
    await run(async () => {
      await revokeToken(t.id);
      onRevoked({ ...t, revokedAt: new Date().toISOString() });
    });
    setConfirming(false);
  }

  return (
    <>
      <tr className={state === 'live' ? undefined : 'admin-table__row--disabled'}>
        <th scope="row">{t.name}</th>
        <td>{t.purpose}</td>
        <td>
          <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
        </td>
        <td>
          <time dateTime={t.expiresAt}>{formatDateTime(t.expiresAt)}</time>
        </td>
        <td>{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{formatDateTime(t.lastUsedAt)}</time> : <span className="muted">never</span>}</td>
        <td>
          <span className={`admin-status admin-status--${state === 'live' ? 'on' : 'off'}`}>{state === 'live' ? 'Live' : state === 'expired' ? 'Expired' : 'Revoked'}</span>
        </td>
        <td>
          {state === 'live' &&
            (confirming ? (
              <span className="admin-inline">
                <button type="button" className="button button--small button--danger" onClick={revoke} disabled={pending} autoFocus>
                  Yes, revoke
                </button>
                <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="button button--small" onClick={() => setConfirming(true)} aria-label={`Revoke ${t.name}`}>
                Revoke
              </button>
            ))}
        </td>
      </tr>
      {error && (
        <DetailRow cols={7}>
          <ErrorMessage error={error} />
        </DetailRow>
      )}
    </>
  );
}
