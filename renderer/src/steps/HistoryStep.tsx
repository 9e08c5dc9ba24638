import { useEffect, useMemo, useState } from 'react';
import { isFinishedJobState, type JobSummary } from '../../../shared/contract.ts';
import { api } from '../api/index.ts';
import { ErrorLine } from '../components/ErrorLine.tsx';
import { count, stateWords } from '../lib/format.ts';
import { lookUpTargetNames, type TargetNames } from '../lib/target-names.ts';
import { useApp } from '../store.ts';

type Show = 'all' | 'finished' | 'unfinished' | 'problems';
const SHOW: [Show, string][] = [
  ['all', 'All'],
  ['finished', 'Finished'],
  ['unfinished', 'Not finished'],
  ['problems', 'With leads not accepted'],
];

const uploads = (n: number) => `${count(n)} upload${n === 1 ? '' : 's'}`;
const notAccepted = (c: JobSummary['counts']) => c.invalid + c.rejected + c.review;

export function HistoryStep() {
  const jobs = useApp((s) => s.jobs);
  const openJob = useApp((s) => s.openJob);
  const progress = useApp((s) => s.progress);
  const setNotice = useApp((s) => s.setNotice);
  const [names, setNames] = useState<Record<string, TargetNames>>({});
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<Show>('all');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    void useApp.getState().refreshJobs();
  }, []);

  // Template, campaign and allocation names for each upload (the job keeps their ids).
  useEffect(() => {
    let current = true;
    for (const job of jobs) {
      if (!job.target) continue;
      void lookUpTargetNames(job.target).then((found) => {
        if (current) setNames((known) => ({ ...known, [job.id]: found }));
      });
    }
    return () => {
      current = false;
    };
  }, [jobs]);

  const rows = useMemo(() => {
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return jobs.filter((j) => {
      const state = progress[j.id]?.state ?? j.state;
      const c = progress[j.id]?.counts ?? j.counts;
      if (show === 'finished' && !isFinishedJobState(state)) return false;
      if (show === 'unfinished' && isFinishedJobState(state)) return false;
      if (show === 'problems' && notAccepted(c) === 0) return false;
      const n = names[j.id] ?? {};
      const text = [j.fileName, j.sheet, j.serverName, n.template, n.campaign, n.allocation, stateWords(state)]
        .join(' ')
        .toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [jobs, progress, names, search, show]);

  const exportLeads = async (job: JobSummary, leads: 'accepted' | 'notAccepted') => {
    setProblem(undefined);
    try {
      const file = await api.exportRejected({ jobId: job.id, format: 'csv', leads });
      await api.saveExport(file.path, file.fileName);
      setNotice(`${count(file.rows)} lead${file.rows === 1 ? '' : 's'} exported to ${file.fileName}.`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <section className="card wide" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {jobs.length === 0 ? (
        <p>No uploads yet.</p>
      ) : (
        <>
          <div className="row wrap history-filters">
            <label>
              Search uploads
              <input
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="File, server, campaign…"
              />
            </label>
            <fieldset className="chips">
              <legend>Show</legend>
              {SHOW.map(([value, label]) => (
                <button
                  key={value}
                  type="button"
                  className={show === value ? 'chip active' : 'chip'}
                  aria-pressed={show === value}
                  onClick={() => setShow(value)}
                >
                  {label}
                </button>
              ))}
            </fieldset>
          </div>
          {problem && <ErrorLine message={problem} />}
          <p className="muted" role="status">
            {rows.length === jobs.length ? uploads(jobs.length) : `${count(rows.length)} of ${uploads(jobs.length)}`}
          </p>
          <div className="table-scroll history-scroll">
            <table className="history">
              <caption className="visually-hidden">Uploads, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col">Sent to</th>
                  <th scope="col">State</th>
                  <th scope="col">Leads</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((j) => (
                  <HistoryRow
                    key={j.id}
                    job={j}
                    names={names[j.id]}
                    state={progress[j.id]?.state ?? j.state}
                    counts={progress[j.id]?.counts ?? j.counts}
                    onOpen={() => openJob(j)}
                    onExport={(leads) => exportLeads(j, leads)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function HistoryRow(props: {
  job: JobSummary;
  names?: TargetNames;
  state: string;
  counts: JobSummary['counts'];
  onOpen(): void;
  onExport(leads: 'accepted' | 'notAccepted'): void;
}) {
  const { job: j, names: n, counts: c } = props;
  const accepted = c.imported + c.updated;
  const file = `${j.fileName}${j.sheet ? ` (${j.sheet})` : ''}`;
  return (
    <tr>
      <td>
        {/* The day over the time, each kept whole: the column stays narrow at 1024 px. */}
        <div className="when">
          <span>{new Date(j.createdAt).toLocaleDateString('en-AU', { dateStyle: 'medium' })}</span>
          <span className="muted">{new Date(j.createdAt).toLocaleTimeString('en-AU', { timeStyle: 'short' })}</span>
        </div>
      </td>
      <td>{file}</td>
      <td>
        <div className="sent-to">
          {j.target ? (
            <>
              <span>{j.serverName ?? 'a server since removed'}</span>
              <span className="muted">
                {n?.template ?? `template ${j.target.templateId}`} · {n?.campaign ?? `campaign ${j.target.campaignId}`} ·{' '}
                {n?.allocation ?? `allocation ${j.target.allocationId}`}
              </span>
            </>
          ) : (
            <span className="muted">not sent yet</span>
          )}
        </div>
      </td>
      <td>{stateWords(props.state)}</td>
      <td>
        <div className="lead-counts">
          <span>
            {count(c.total)} in the file
            {j.emptyRows ? ` (and ${count(j.emptyRows)} empty ${j.emptyRows === 1 ? 'row' : 'rows'} left out)` : ''}
          </span>
          <span>{count(accepted)} accepted</span>
          <span className={notAccepted(c) > 0 ? 'error' : undefined}>{count(notAccepted(c))} not accepted</span>
        </div>
      </td>
      <td>
        <div className="history-actions">
          <button type="button" className="secondary" aria-label={`Open ${file}`} onClick={props.onOpen}>
            Open
          </button>
          <button
            type="button"
            className="ghost"
            disabled={accepted === 0}
            aria-label={`Export accepted leads of ${file}`}
            onClick={() => props.onExport('accepted')}
          >
            Export accepted
          </button>
          <button
            type="button"
            className="ghost"
            disabled={notAccepted(c) === 0}
            aria-label={`Export not accepted leads of ${file}`}
            onClick={() => props.onExport('notAccepted')}
          >
            Export not accepted
          </button>
        </div>
      </td>
    </tr>
  );
}
