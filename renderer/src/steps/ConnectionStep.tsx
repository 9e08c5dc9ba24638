import { useState } from 'react';
import type { CallReply, ServerInfo } from '../../../shared/contract.ts';
import { api, isElectron } from '../api/index.ts';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { failedTest, useChecks } from '../connection-checks.ts';
import { errorWords } from '../lib/error-words.ts';
import { useApp } from '../store.ts';

const KEY_WORDS: Record<ServerInfo['keyStorage'], string> = {
  keychain: 'API key stored in the system keychain',
  session: 'API key kept for this session only',
  environment: 'API key from NOOJEE_API_KEY',
  none: 'no API key yet',
};

const VERDICT_WORDS: Record<CallReply<'testConnection'>['verdict'], string> = {
  ok: 'Connected',
  refused: 'The server refused the key or this computer’s IP address',
  unreachable: 'The server cannot be reached',
  certificate: 'The server’s certificate is not trusted',
  insecure: 'Not a secure (https) address',
};

export function ConnectionStep() {
  const servers = useApp((s) => s.servers);
  const serverId = useApp((s) => s.serverId);
  const chooseServer = useApp((s) => s.chooseServer);
  const refreshServers = useApp((s) => s.refreshServers);
  const go = useApp((s) => s.go);
  const [editing, setEditing] = useState<ServerInfo | 'new' | undefined>();
  const verdicts = useChecks((c) => c.verdicts);
  const record = useChecks((c) => c.record);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  /** The server whose removal waits for a yes. */
  const [removing, setRemoving] = useState<string>();
  const selected = servers.find((s) => s.id === serverId);
  const blocked = !selected
    ? 'Choose a server first, or try the demo server.'
    : failedTest(verdicts, serverId)
      ? `${selected.name} did not pass its connection test: fix it (Edit) and test again, or choose another server.`
      : undefined;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const test = (id: string) =>
    run(async () => {
      record(id, await api.testConnection({ serverId: id }));
    });

  const remove = (id: string) =>
    run(async () => {
      await api.removeServer({ id });
      useChecks.getState().forget(id);
      setRemoving(undefined);
      await refreshServers();
    });

  const demo = () =>
    run(async () => {
      const server = await api.startDemoServer({});
      await refreshServers();
      chooseServer(server.id);
      record(server.id, await api.testConnection({ serverId: server.id }));
    });

  return (
    <section className="card" aria-labelledby="connection-title">
      <h2 id="connection-title">Connection</h2>
      <p className="muted">
        Choose the Campaigner server to load leads into. The API key is sent to the server only, never shown again in full.
      </p>
      {servers.length > 0 && (
        <ul className="server-list">
          {servers.map((s) => (
            <li key={s.id} className={s.id === serverId ? 'selected' : ''}>
              <label>
                <input type="radio" name="server" checked={s.id === serverId} onChange={() => chooseServer(s.id)} />
                <strong>{s.name}</strong> <span className="muted">{s.url}</span>
              </label>
              <span className={s.hasKey ? 'badge ok' : 'badge warn'}>{KEY_WORDS[s.keyStorage]}</span>
              {removing === s.id ? (
                <span className="actions confirm">
                  <span>Remove {s.name} and its stored key?</span>
                  <button type="button" className="destructive" disabled={busy} onClick={() => remove(s.id)}>
                    Yes, remove
                  </button>
                  <button type="button" className="secondary" onClick={() => setRemoving(undefined)}>
                    Keep it
                  </button>
                </span>
              ) : (
                <span className="actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    aria-label={`Test connection to ${s.name}`}
                    onClick={() => test(s.id)}
                  >
                    Test connection
                  </button>
                  <button type="button" className="ghost" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="ghost danger"
                    aria-label={`Remove ${s.name}`}
                    onClick={() => setRemoving(s.id)}
                  >
                    Remove
                  </button>
                </span>
              )}
              {verdicts[s.id] && (
                <div role="status" className={verdicts[s.id].verdict === 'ok' ? 'verdict ok' : 'verdict bad'}>
                  <strong>{VERDICT_WORDS[verdicts[s.id].verdict]}.</strong> <VerdictDetail message={verdicts[s.id].message} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={() => setEditing('new')} disabled={editing !== undefined}>
          Add a server
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={demo}>
          Try the demo server
        </button>
      </div>
      {editing && (
        <ServerForm
          server={editing === 'new' ? undefined : editing}
          onDone={async (saved) => {
            setEditing(undefined);
            if (saved) {
              await refreshServers();
              chooseServer(saved.id);
              await test(saved.id);
            }
          }}
        />
      )}
      {problem && <ErrorLine message={problem} />}
      <div className="footer-actions">
        {blocked && (
          <span id="connection-next-why" className="muted">
            {blocked}
          </span>
        )}
        <button
          type="button"
          data-primary="true"
          disabled={blocked !== undefined}
          aria-describedby={blocked ? 'connection-next-why' : undefined}
          onClick={() => go('load')}
        >
          Next: load a file
        </button>
      </div>
    </section>
  );
}

function ServerForm({ server, onDone }: { server?: ServerInfo; onDone: (saved?: ServerInfo) => void }) {
  const [name, setName] = useState(server?.name ?? '');
  const [url, setUrl] = useState(server?.url ?? '');
  const [apiKey, setApiKey] = useState('');
  const [sessionOnly, setSessionOnly] = useState(false);
  const [problem, setProblem] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const saved = await api.saveServer({ id: server?.id, name: name || url, url, apiKey: apiKey || undefined, sessionOnly });
      setApiKey('');
      onDone(saved);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label={server ? 'Edit server' : 'Add a server'}>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Head office PBX" />
      </label>
      <label>
        Server address
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://pbx.example.com" required />
      </label>
      <label>
        API key {server?.hasKey && <span className="muted">(leave empty to keep the stored key)</span>}
        <input
          type="password"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          autoComplete="off"
          required={!server?.hasKey}
        />
      </label>
      {isElectron ? (
        <label className="inline">
          <input type="checkbox" checked={sessionOnly} onChange={(e) => setSessionOnly(e.target.checked)} /> Keep the key for this
          session only
        </label>
      ) : (
        // Browser mode keeps every key in the running app's memory only: there is no keychain to opt out of.
        <p className="muted">In browser mode the key is kept only while the app runs: type it again after a restart.</p>
      )}
      {problem && <ErrorLine message={problem} />}
      <div className="row">
        <button type="submit">Save</button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A test's message in words; the address and API call it may name stay under Details. */
function VerdictDetail({ message }: { message: string }) {
  const { headline, details } = errorWords(message);
  return (
    <>
      {headline}
      {details && (
        <details className="error-details">
          <summary>Details</summary>
          <code>{details}</code>
        </details>
      )}
    </>
  );
}
