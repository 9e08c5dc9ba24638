/**
 * Browser mode opens only with the address printed at launch (it carries a per-launch token in its
 * `#token=…` fragment). Opened without it, or with one from an earlier launch, every call is refused (401),
 * so instead of an app that looks usable and fails on every click, this explains how to get in.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/contract.ts';
import { REFUSED_TOKEN } from '../api/browser-client.ts';
import { api, isElectron, missingLaunchToken } from '../api/index.ts';

type Access = 'checking' | 'open' | 'missing' | 'refused';

export function AccessGate({ children }: { children: ReactNode }) {
  const [access, setAccess] = useState<Access>(isElectron ? 'open' : missingLaunchToken ? 'missing' : 'checking');

  useEffect(() => {
    if (access !== 'checking') return;
    api.getAppInfo({}).then(
      () => setAccess('open'),
      // Any other failure is the app's to show; only a refused token keeps it closed.
      (error) => setAccess(error instanceof ApiError && error.code === REFUSED_TOKEN ? 'refused' : 'open'),
    );
  }, [access]);

  useEffect(() => {
    if (access !== 'missing' && access !== 'refused') return;
    // Pasting the right address into this tab changes only the fragment, which loads nothing by itself.
    const onHash = () => {
      if (/(^|[#&])token=/.test(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [access]);

  if (access === 'open') return children;
  if (access === 'checking')
    return (
      <p className="gate-checking" role="status">
        Opening Noojee Lead Uploader…
      </p>
    );
  return <TokenHelp reason={access} />;
}

function TokenHelp({ reason }: { reason: 'missing' | 'refused' }) {
  return (
    <main className="gate" aria-labelledby="gate-title">
      <div className="card">
        <h1 id="gate-title">
          {reason === 'missing' ? 'Open Noojee Lead Uploader with its full address' : 'This address is from an earlier start'}
        </h1>
        <p>
          {reason === 'missing'
            ? 'Browser mode opens only with the address it printed when it started. That address ends in “#token=…”, a key for this start only, so that no other web page can use the app.'
            : 'The key at the end of this address belongs to an earlier start of Noojee Lead Uploader. Each start prints a new address, and only the newest one opens the app.'}
        </p>
        <h2>What to do</h2>
        <ol>
          <li>
            Go to the terminal window where you ran <code>npm start</code> or <code>npm run web</code>.
          </li>
          <li>
            Find the line “Noojee Lead Uploader (browser mode) is ready: open http://127.0.0.1:…/#token=…”, and copy the whole
            address, “#token=” and all.
          </li>
          <li>Paste it into this tab’s address bar and press Enter.</li>
        </ol>
        <p className="muted">
          If that window is closed, the app has stopped: run <code>npm start</code> again and use the address it prints. Your
          servers, files and uploads are kept between starts.
        </p>
      </div>
    </main>
  );
}
