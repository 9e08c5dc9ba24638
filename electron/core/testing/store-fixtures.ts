/**
 * Test fixtures for the job store and the sender: a private store in a temporary folder, and a job whose
 * leads are written the way a file's read writes them (a lead batch, cells only) with the job's mapping, so
 * what is sent is derived from the cells by the same rules as in the app (docs/engine.md, "Payloads are
 * derived"). Only tests import this folder (the layer rules say so).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MappingSpec, NormaliseOptions } from '../../../shared/contract.ts';
import { createPayloadDeriver } from '../jobs/row-rules.ts';
import { type DerivePayload, type JobStore, type LeadWrite, openJobStore, type SourceMeta } from '../store/job-store.ts';
import { encodeLeadBatch } from '../store/lead-batch.ts';

/** A temporary folder for one test file, and the stores opened in it, closed by `closeStores`. */
export function storeFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const open: JobStore[] = [];
  return {
    dir,
    /** Opens (or opens again) the store in the sub-folder `name`. */
    open(name: string): JobStore {
      const store = openJobStore(join(dir, name));
      open.push(store);
      return store;
    },
    closeStores() {
      for (const store of open.splice(0)) store.close();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const csvSource = (headers: string[]): SourceMeta => ({ kind: 'csv', headerRow: 1, headers, rawHeaders: headers });

/** Writes leads as a file's read does: one lead batch in one transaction. */
export function writeLeads(store: JobStore, jobId: string, leads: readonly LeadWrite[]): void {
  store.insertBatch(jobId, encodeLeadBatch(leads));
}

export const AU_OPTIONS: NormaliseOptions = { country: 'AU', dateOrder: 'dmy', allowDuplicates: false, contactHoursNames: [] };

export interface MappedJob {
  store: JobStore;
  jobId: string;
  /** What the job service hands the runner: the job's mapping applied to a lead's cells. */
  derivePayload: DerivePayload;
}

/**
 * A job in `store` of one ready lead per row (row numbers from 2, under a header), mapped by `fields`
 * (field → header), its payloads derived from the cells when sent. `state` defaults to 'draft'.
 */
export function mappedJob(
  store: JobStore,
  input: {
    name: string;
    headers: string[];
    rows: readonly string[][];
    fields: MappingSpec['fields'];
    phoneFields?: string[];
    state?: 'draft' | 'sending';
  },
): MappedJob {
  const source = csvSource(input.headers);
  const jobId = store.createJob({ fileName: `${input.name}.csv`, filePath: `/data/${input.name}.csv`, source });
  writeLeads(
    store,
    jobId,
    input.rows.map((cells, seq) => ({ seq, rowNumber: seq + 2, cells, status: 'ready' as const })),
  );
  const mapping: MappingSpec = { fields: input.fields, constants: {}, phoneFields: input.phoneFields ?? ['MobilePhone'] };
  store.updateJob(jobId, {
    state: input.state ?? 'draft',
    mapping,
    options: AU_OPTIONS,
    counts: store.countByStatus(jobId),
  });
  return {
    store,
    jobId,
    derivePayload: createPayloadDeriver({ headers: source.headers, mapping, options: AU_OPTIONS }),
  };
}
