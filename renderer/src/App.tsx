import { useEffect, useState } from 'react';
import type { CallReply, IdName, ServerInfo } from '../../shared/contract.ts';
import { api } from './api/index.ts';

type AppInfo = CallReply<'getAppInfo'>;

export function App() {
  const [info, setInfo] = useState<AppInfo>();
  const [servers, setServers] = useState<ServerInfo[]>([]);
  const [templates, setTemplates] = useState<IdName[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.getAppInfo({}).then(setInfo, (e: Error) => setError(e.message));
    api.listServers({}).then(setServers, (e: Error) => setError(e.message));
  }, []);

  const connectDemo = async () => {
    setError(undefined);
    try {
      const demo = await api.startDemoServer({});
      setServers(await api.listServers({}));
      setTemplates(await api.listTemplates({ serverId: demo.id }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="shell">
      <header className="topbar">
        <h1>Noojee Lead Uploader</h1>
        {info && (
          <span className="muted">
            version {info.version} · {info.mode === 'electron' ? 'desktop' : 'browser mode'}
          </span>
        )}
      </header>
      <main className="content">
        <section aria-labelledby="connection-title" className="card">
          <h2 id="connection-title">Connection</h2>
          {servers.length === 0 ? (
            <p>No server saved yet.</p>
          ) : (
            <ul>
              {servers.map((s) => (
                <li key={s.id}>
                  {s.name} <span className="muted">{s.url}</span>
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={connectDemo}>
            Try the demo server
          </button>
          {templates && <p>Templates on the server: {templates.map((t) => `${t.name} (${t.id})`).join(', ') || 'none'}</p>}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </section>
      </main>
    </div>
  );
}
