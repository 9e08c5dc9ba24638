import { addFiles } from '../components/useFileDrop.ts';
import { clock, count } from '../lib/format.ts';
import { useApp } from '../store.ts';

export function LoadStep() {
  const queue = useApp((s) => s.queue);
  const current = useApp((s) => s.current);
  const inspection = useApp((s) => s.inspection);
  const jobId = useApp((s) => s.jobId);
  const counts = useApp((s) => s.counts);
  const openFile = useApp((s) => s.openFile);
  const reinspect = useApp((s) => s.reinspect);
  const go = useApp((s) => s.go);

  return (
    <section className="card" aria-labelledby="load-title">
      <h2 id="load-title">Load a file</h2>
      <div className="dropzone">
        <p>
          Drop CSV, TSV, TXT, XLSX, XLS or ODS files anywhere on this window, or{' '}
          <label className="link">
            choose files
            <input
              id="file-input"
              type="file"
              multiple
              accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods"
              className="visually-hidden"
              onChange={(e) => {
                void addFiles([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
          </label>
          .
        </p>
      </div>
      {queue.length > 1 && (
        <div>
          <h3>Files to load</h3>
          <ul className="file-queue">
            {queue.map((f) => (
              <li key={f.path}>
                <button type="button" className={f.path === current?.path ? 'step active' : 'step'} onClick={() => openFile(f)}>
                  {f.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {current && !inspection && jobId && (
        <p className="banner ok" role="status" data-testid="opened-job">
          Opened from History: {current.name}
          {counts ? `, ${count(counts.total)} rows` : ''}. Its rows are already read.
        </p>
      )}
      {inspection && (
        <div className="inspection">
          <div className="row wrap">
            <strong>{inspection.fileName}</strong>
            {inspection.encoding && <span className="badge">{inspection.encoding}</span>}
            {inspection.delimiter && (
              <span className="badge">delimiter {inspection.delimiter === '\t' ? 'tab' : `“${inspection.delimiter}”`}</span>
            )}
            {inspection.sheets.length > 0 && (
              <label>
                Sheet{' '}
                <select value={inspection.sheet} onChange={(e) => reinspect({ sheet: e.target.value })}>
                  {inspection.sheets.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Header row{' '}
              <select value={inspection.headerRow} onChange={(e) => reinspect({ headerRow: Number(e.target.value) })}>
                {inspection.topRows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed preview never reorder
                  <option key={`${i}-${row[0]}`} value={i + 1}>
                    {i + 1}: {row.filter(Boolean).slice(0, 3).join(', ').slice(0, 40) || '(empty)'}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {inspection.sameFileJobs.length > 0 && (
            <p className="banner warn" role="status">
              This file was uploaded before ({inspection.sameFileJobs.length} time{inspection.sameFileJobs.length > 1 ? 's' : ''},
              last on {new Date(inspection.sameFileJobs[0].createdAt).toLocaleDateString('en-AU')} at{' '}
              {clock(inspection.sameFileJobs[0].createdAt)}). Loading it again may create duplicates.
            </p>
          )}
          <div className="table-scroll">
            <table className="preview-table">
              <caption className="muted">The first rows, with the header row as detected</caption>
              <thead>
                <tr>
                  {inspection.headers.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {inspection.previewRows.slice(0, 8).map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed preview never reorder
                  <tr key={`${r}-${row[0]}`}>
                    {inspection.headers.map((h, c) => (
                      <td key={h}>{row[c]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="footer-actions">
            <span className="muted">The whole file is read once, when the mapping and the target are chosen.</span>
            <button type="button" data-primary="true" onClick={() => go('map')}>
              Next: map columns
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
