import { useEffect } from 'react';
import { count, stateWords } from '../lib/format.ts';
import { useApp } from '../store.ts';

export function HistoryStep() {
  const jobs = useApp((s) => s.jobs);
  const openJob = useApp((s) => s.openJob);
  const progress = useApp((s) => s.progress);

  useEffect(() => {
    void useApp.getState().refreshJobs();
  }, []);

  return (
    <section className="card wide" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {jobs.length === 0 ? (
        <p>No uploads yet.</p>
      ) : (
        <div className="table-scroll history-scroll">
          <table className="history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">File</th>
                <th scope="col">State</th>
                <th scope="col">Leads</th>
                <th scope="col">Accepted</th>
                <th scope="col">Not accepted</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => {
                const c = progress[j.id]?.counts ?? j.counts;
                return (
                  <tr key={j.id}>
                    <td>{new Date(j.createdAt).toLocaleString('en-AU', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                    <td>
                      {j.fileName}
                      {j.sheet ? <span className="muted"> ({j.sheet})</span> : null}
                    </td>
                    <td>{stateWords(progress[j.id]?.state ?? j.state)}</td>
                    <td>{count(c.total)}</td>
                    <td>{count(c.imported + c.updated)}</td>
                    <td>{count(c.invalid + c.rejected + c.review)}</td>
                    <td>
                      <button type="button" className="secondary" onClick={() => openJob(j)}>
                        Open
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
