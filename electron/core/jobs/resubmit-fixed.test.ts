import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../../simulator/server.ts';
import { openJobStore } from '../store/job-store.ts';
import { simulatorTarget } from '../testing/send-target.ts';
import { createJobService } from './job-service.ts';

const KEY = 'resubmit-secret-key';
const dir = mkdtempSync(join(tmpdir(), 'resubmit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const spec = {
  mapping: { fields: { Name: 'Name', MobilePhone: 'Phone' }, constants: {}, phoneFields: ['MobilePhone'] },
  options: { country: 'AU', dateOrder: 'dmy' as const, allowDuplicates: false, contactHoursNames: [] },
};
const settings = {
  method: 'insertLeads' as const,
  batchEndpoint: 'insertLeadsFast',
  batchSize: 10,
  concurrency: 1,
  allowDuplicates: false,
};

/** 301 leads; the last one's phone is too short, so it is stopped here. */
function file301(): string {
  const lines = ['Name,Phone'];
  for (let i = 0; i < 300; i++) lines.push(`Lead ${i},04${String(i).padStart(8, '0')}`);
  lines.push('Broken,12');
  const path = join(dir, `f${Date.now()}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function setup(name: string) {
  sim = await startSimulator({ port: 0, apiKey: KEY, minCallMs: 15, perLeadMs: 0 });
  const { resolveTarget, target } = simulatorTarget(sim.url, KEY);
  const store = openJobStore(join(dir, name));
  const service = createJobService({ store, timings: { backoffBaseMs: 5, backoffMaxMs: 20 }, resolveTarget });
  const stored = () => sim?.state().campaigns['41']?.count ?? 0;
  return { store, service, target, stored };
}

describe('resubmitting fixed leads', () => {
  it('sends only the lead that was fixed; the cancelled job keeps its other unsent leads', async () => {
    const { store, service, target, stored } = await setup('cancelled');
    const { jobId, counts } = await service.importFile(file301(), {}, spec);
    expect(counts).toMatchObject({ total: 301, ready: 300, invalid: 1 });
    service.submit(jobId, target, settings);
    while (stored() < 30) await new Promise((r) => setTimeout(r, 5));
    const cancelled = await service.cancel(jobId);
    const sentBefore = stored();
    expect(cancelled.counts.ready).toBe(300 - sentBefore);

    expect((await service.editRow(jobId, 302, { '1': '0499999999' })).status).toBe('ready');
    // Leads of the job were sent, but not this edit's: its undo is offered (asked twice, counted once).
    expect(service.editor.state(jobId).undo).toEqual({ label: 'Edit Phone', rows: 1, sent: 0 });
    expect(service.editor.state(jobId).undo?.sent).toBe(0);
    service.resubmitFixed(jobId);
    await service.idle();
    // Its lead went with the resubmit: counted again, the undo is refused before it is pressed.
    expect(service.editor.state(jobId).undo).toEqual({ label: 'Edit Phone', rows: 1, sent: 1 });

    expect(stored()).toBe(sentBefore + 1);
    expect(sim?.state().campaigns['41'].leads.at(-1)).toMatchObject({ Name: 'Broken', MobilePhone: '0499999999' });
    const job = store.getJob(jobId);
    expect(job?.counts).toMatchObject({ ready: 300 - sentBefore, imported: sentBefore + 1, invalid: 0 });
    // Not "done": leads are left that were never sent, and only an explicit "send the rest" sends them.
    expect(job?.state).toBe('incomplete');

    service.resume(jobId, { scope: 'all' });
    await service.idle();
    expect(stored()).toBe(301);
    store.close();
  });

  it('a lead that was ready and edited is not "fixed"; a refused one edited to valid is', async () => {
    const { store, service, target } = await setup('not-fixed');
    const { jobId } = await service.importFile(file301(), {}, spec);
    await service.editRow(jobId, 2, { '0': 'Renamed' });
    expect(() => service.resubmitFixed(jobId)).toThrow(/No fixed leads/);
    await service.editRow(jobId, 302, { '1': '0499999999' });
    expect(store.countFixed(jobId)).toBe(1);
    // Before the send, the edit can be undone: the buttons are told none of its leads was sent.
    expect(service.editor.state(jobId).undo).toEqual({ label: 'Edit Phone', rows: 1, sent: 0 });
    service.submit(jobId, target, settings);
    await service.idle();
    expect(store.countFixed(jobId)).toBe(0);
    // What a resubmit's confirmation says of duplicates: the setting this upload is sent with.
    expect(service.summary(service.requireJob(jobId)).allowDuplicates).toBe(false);
    // The fixed lead was accepted: its edit cannot be undone, and nothing is changed by trying.
    await expect(service.editor.undo(jobId)).rejects.toThrow(
      /"Edit Phone": its lead was sent to the server since, and a lead cannot be unsent/,
    );
    expect(store.leadByRow(jobId, 302)?.status).toBe('imported');
    // The buttons know it before anyone presses them: the undo's one lead was sent.
    expect(service.editor.state(jobId).undo).toEqual({ label: 'Edit Phone', rows: 1, sent: 1 });
    store.close();
  });

  it('refuses to change a job while it is being sent, and refuses to send it while a change is being made', async () => {
    const { store, service, target } = await setup('busy');
    const { jobId } = await service.importFile(file301(), {}, spec);
    service.submit(jobId, target, settings);
    await expect(service.editor.apply(jobId, { rows: [302] }, { kind: 'skip' })).rejects.toThrow(/being sent: pause it/);
    await expect(service.editor.undo(jobId)).rejects.toThrow(/being sent: pause it/);
    await service.pause(jobId);
    const change = service.editor.apply(jobId, { filter: 'all' }, { kind: 'tidy', field: 'Name', letterCase: 'upper' });
    expect(() => service.resume(jobId)).toThrow(/still being made/);
    await change;
    service.resume(jobId);
    await service.idle();
    expect(store.getJob(jobId)?.counts).toMatchObject({ imported: 300, invalid: 1 });
    store.close();
  });
});
