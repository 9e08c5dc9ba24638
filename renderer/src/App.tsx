import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallReply } from '../../shared/contract.ts';
import { api } from './api/index.ts';
import { CurrentJob } from './components/CurrentJob.tsx';
import { ErrorLine } from './components/ErrorLine.tsx';
import { ShortcutsDialog } from './components/ShortcutsDialog.tsx';
import { StepList, useStepProgress } from './components/StepList.tsx';
import { useFileDrop } from './components/useFileDrop.ts';
import { ConnectionStep } from './steps/ConnectionStep.tsx';
import { HistoryStep } from './steps/HistoryStep.tsx';
import { LoadStep } from './steps/LoadStep.tsx';
import { MapStep } from './steps/MapStep.tsx';
import { MonitorStep } from './steps/MonitorStep.tsx';
import { PreviewStep } from './steps/PreviewStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { TargetStep } from './steps/TargetStep.tsx';
import { connectEvents, STEPS, type Step, useApp } from './store.ts';

const SCREENS: Record<Step, () => React.JSX.Element> = {
  connection: ConnectionStep,
  load: LoadStep,
  map: MapStep,
  target: TargetStep,
  preview: PreviewStep,
  submit: MonitorStep,
  review: ReviewStep,
  history: HistoryStep,
};

export function App() {
  const [info, setInfo] = useState<CallReply<'getAppInfo'>>();
  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);
  const step = useApp((s) => s.step);
  const go = useApp((s) => s.go);
  const error = useApp((s) => s.error);
  const setError = useApp((s) => s.setError);
  const notice = useApp((s) => s.notice);
  const dragging = useFileDrop();
  const progress = useStepProgress();
  // The keyboard shortcut reads the latest progress without re-binding its listener on every change.
  const progressRef = useRef(progress);
  progressRef.current = progress;

  useEffect(() => {
    api.getAppInfo({}).then(setInfo, (e: Error) => setError(e.message));
    useApp
      .getState()
      .refreshServers()
      .catch((e: Error) => setError(e.message));
    useApp
      .getState()
      .refreshJobs()
      .catch((e: Error) => setError(e.message));
    return connectEvents();
  }, [setError]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const typing =
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLTextAreaElement ||
        event.target instanceof HTMLSelectElement;
      if (mod && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        document.getElementById('file-input')?.click();
      } else if (event.altKey && /^[1-8]$/.test(event.key)) {
        event.preventDefault();
        const target = STEPS[Number(event.key) - 1].id;
        const blocked = target === useApp.getState().step ? undefined : progressRef.current[target].blocked;
        if (blocked) useApp.getState().setNotice(`${STEPS[Number(event.key) - 1].label}: ${blocked}`);
        else go(target);
      } else if (mod && event.key === 'Enter') {
        event.preventDefault();
        document.querySelector<HTMLButtonElement>('[data-primary="true"]:not([disabled])')?.click();
      } else if (event.key === '?' && !typing) {
        setHelp((h) => !h);
      } else if (event.key === 'Escape') {
        setHelp(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const Screen = SCREENS[step];
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to the step
      </a>
      <header className="topbar">
        <div className="brand">
          <h1>Noojee Lead Uploader</h1>
          {info && (
            <span className="muted version">
              version {info.version} · {info.mode === 'electron' ? 'desktop' : 'browser mode'}
            </span>
          )}
        </div>
        <span className="spacer" />
        <CurrentJob />
        <button type="button" className="ghost" onClick={() => setHelp((h) => !h)} aria-expanded={help} aria-controls="shortcuts">
          Shortcuts
        </button>
      </header>
      <div className="body">
        <StepList />
        <main className="content" id="content" tabIndex={-1}>
          {error && <ErrorLine className="banner error" message={error} onDismiss={() => setError(undefined)} />}
          {notice && (
            <div role="status" className="banner ok">
              <span>{notice}</span>
              <button type="button" className="ghost" onClick={() => useApp.getState().setNotice()} aria-label="Dismiss">
                ×
              </button>
            </div>
          )}
          <Screen />
        </main>
      </div>
      {help && <ShortcutsDialog onClose={closeHelp} />}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to load them
        </div>
      )}
    </div>
  );
}
