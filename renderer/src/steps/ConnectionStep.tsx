import { useState } from 'react';
import type { CallReply, ServerInfo } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
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
  const [verdict, setVerdict] = useState<CallReply<'testConnection'> & { serverId: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

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
      setVerdict({ ...(await api.testConnection({ serverId: id })), serverId: id });
    });

  const demo = () =>
    run(async () => {
      const server = await api.startDemoServer({});
      await refreshServers();
      chooseServer(server.id);
      setVerdict({ ...(await api.testConnection({ serverId: server.id })), serverId: server.id });
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
              <span className="actions">
                <button type="button" className="secondary" disabled={busy} onClick={() => test(s.id)}>
                  Test connection
                </button>
                <button type="button" className="ghost" onClick={() => setEditing(s)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    run(async () => {
                      await api.removeServer({ id: s.id });
                      await refreshServers();
                    })
                  }
                >
                  Remove
                </button>
              </span>
              {verdict?.serverId === s.id && (
                <p role="status" className={verdict.verdict === 'ok' ? 'verdict ok' : 'verdict bad'}>
                  <strong>{VERDICT_WORDS[verdict.verdict]}.</strong> {verdict.message}
                </p>
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
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="footer-actions">
        <button type="button" data-primary="true" disabled={!serverId} onClick={() => go('load')}>
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
      <label className="inline">
        <input type="checkbox" checked={sessionOnly} onChange={(e) => setSessionOnly(e.target.checked)} /> Keep the key for this
        session only
      </label>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit">Save</button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
