/** The store as the one source of truth: switching server, template or job resets what depends on it. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../shared/contract.ts';

type Store = typeof import('./store.ts');
let useApp: Store['useApp'];

beforeAll(async () => {
  // The store talks to the core through window.api; these tests only set and read state.
  (globalThis as { window?: unknown }).window = { api: {} };
  ({ useApp } = await import('./store.ts'));
});

const mapped = {
  mapping: { fields: { Name: 'Name' }, constants: {}, phoneFields: [] },
  fields: [{ name: 'Name', isPhone: false, required: false }],
  fieldsOf: 's1/41',
  profileName: 'CRM',
  droppedFields: ['Email'],
  chosenByHand: ['Name'],
};

describe('the renderer store', () => {
  it('a new server clears the template, the campaign, the allocation and the template’s fields and mapping', () => {
    useApp.setState({ serverId: 's1', templateId: 41, campaignId: 42, allocationId: 40, ...mapped });
    useApp.getState().chooseServer('s2');
    const s = useApp.getState();
    expect([s.serverId, s.templateId, s.campaignId, s.allocationId, s.fieldsOf, s.profileName]).toEqual([
      's2',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(s.fields).toEqual([]);
    expect(s.mapping.fields).toEqual({});
    expect(s.droppedFields).toEqual([]);
  });

  it('a new template clears what hangs on it; a new campaign only the allocation; clearing works like changing', () => {
    useApp.setState({ serverId: 's1', templateId: 41, campaignId: 42, allocationId: 40, ...mapped });
    useApp.getState().setTarget({ campaignId: 41 });
    expect(useApp.getState()).toMatchObject({ templateId: 41, campaignId: 41, allocationId: undefined, fieldsOf: 's1/41' });
    useApp.getState().setTarget({ allocationId: 38 });
    useApp.getState().setTarget({ campaignId: undefined });
    expect(useApp.getState()).toMatchObject({ campaignId: undefined, allocationId: undefined });
    useApp.getState().setTarget({ templateId: 41 });
    expect(useApp.getState().mapping.fields).toEqual({ Name: 'Name' });
    useApp.getState().setTarget({ templateId: 7 });
    expect(useApp.getState()).toMatchObject({ templateId: 7, fieldsOf: undefined, fields: [], profileName: undefined });
    expect(useApp.getState().mapping.fields).toEqual({});
  });

  it('opening a job from History shows that job: its file, its target, none of the previous file', () => {
    useApp.setState({
      current: { name: 'other.csv', path: '/tmp/other.csv' },
      inspection: { fileName: 'other.csv' } as never,
      jobId: 'j-old',
      ...mapped,
    });
    const job = {
      id: 'j7',
      fileName: 'march.csv',
      createdAt: '2026-11-30T10:00:00Z',
      updatedAt: '2026-11-30T10:00:00Z',
      state: 'done',
      counts: { total: 3, invalid: 0, ready: 0, sending: 0, imported: 3, updated: 0, rejected: 0, review: 0, warnings: 0 },
      target: { serverId: 's1', templateId: 41, campaignId: 42, allocationId: 40 },
    } satisfies JobSummary;
    useApp.getState().openJob(job);
    const s = useApp.getState();
    expect(s.current?.name).toBe('march.csv');
    expect(s.inspection).toBeUndefined();
    expect([s.jobId, s.templateId, s.campaignId, s.allocationId, s.step]).toEqual(['j7', 41, 42, 40, 'review']);
    expect(s.mapping.fields).toEqual({});
    expect(s.profileName).toBeUndefined();
  });
});
