/**
 * The re-mapping worker thread: judges a stored job's leads (remap-judge.ts) and sends them, a chunk at a
 * time, to the main thread, which runs the checks across the file and writes the verdicts (remap.ts). It
 * judges up to READ_AHEAD chunks ahead of the store, so that both threads work at once.
 */
import { basename, dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { openJobStore } from '../store/job-store.ts';
import { createRemapJudge } from './remap-judge.ts';
import { READ_AHEAD, type RemapReply, type RemapRequest } from './remap-protocol.ts';

const port = parentPort;
if (!port) throw new Error('remap-worker.ts runs as a worker thread only');

let job: { file: string; jobId: string } | undefined;
let judge: ReturnType<typeof createRemapJudge> | undefined;
/** Chunks main may still take before it has stored the ones sent. */
let credit = 0;
let finished = false;
let scheduled = false;

const fail = (error: unknown) =>
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies RemapReply);

/** One chunk per turn of this thread's event loop, so that main's messages are read in between. */
function produce(): void {
  scheduled = false;
  if (!judge || finished || credit <= 0) return;
  try {
    const chunk = judge.next();
    credit--;
    finished = chunk.last;
    port?.postMessage(chunk);
  } catch (error) {
    finished = true;
    fail(error);
    return;
  }
  schedule();
}

function schedule(): void {
  if (scheduled || finished || credit <= 0) return;
  scheduled = true;
  setImmediate(produce);
}

port.on('message', (message: RemapRequest) => {
  try {
    if (message.type === 'summary') return summary();
    if (message.type === 'start') {
      const { type: _, ...start } = message;
      job = { file: start.file, jobId: start.jobId };
      judge = createRemapJudge(start);
      credit = READ_AHEAD;
    } else credit++;
    schedule();
  } catch (error) {
    fail(error);
  }
});

/** The job's counts and reason groups, read here so that their scans of every lead do not hold the main thread. */
function summary(): void {
  if (!job) throw new Error('remap worker: summary before start');
  const store = openJobStore(dirname(job.file), basename(job.file));
  try {
    const reply: RemapReply = { type: 'summary', counts: store.countByStatus(job.jobId), groups: store.reasonGroups(job.jobId) };
    port?.postMessage(reply);
  } finally {
    store.close();
  }
}
