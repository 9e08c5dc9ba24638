/** Files added by a drop or the chooser: what is refused stays said once the accepted files open. */
import { beforeAll, expect, it } from 'vitest';

type Drop = typeof import('./useFileDrop.ts');
type Store = typeof import('../store.ts');
let addFiles: Drop['addFiles'];
let useApp: Store['useApp'];
const api: Record<string, unknown> = {};

beforeAll(async () => {
  // The store and addFiles reach the core through window.api: here a stand-in that copies and inspects nothing.
  (globalThis as { window?: unknown }).window = { api };
  ({ addFiles } = await import('./useFileDrop.ts'));
  ({ useApp } = await import('../store.ts'));
});

const file = (name: string) => new File(['Name\r\nAnn\r\n'], name);

it('an unsupported file and one that could not be copied are both named after the accepted file opened', async () => {
  api.fileToPath = async (f: File) => {
    if (f.name === 'locked.csv') throw new Error('could not be copied: the disk is full');
    return `/data/${f.name}`;
  };
  let inspected = '';
  api.inspectFile = async ({ path }: { path: string }) => {
    inspected = path;
    return { fileName: 'april.csv', sheet: undefined, headerRow: 1 };
  };
  await addFiles([file('april.csv'), file('notes.pdf'), file('locked.csv')]);
  const s = useApp.getState();
  expect(s.current?.path).toBe('/data/april.csv');
  expect(inspected).toBe('/data/april.csv');
  expect(s.error).toBe(
    'notes.pdf: not a supported file (CSV, TSV, TXT, XLSX, XLS or ODS). locked.csv: could not be copied: the disk is full',
  );
});

it('with nothing refused, opening the file leaves no error behind', async () => {
  useApp.setState({ error: 'an earlier problem', current: undefined, queue: [], step: 'load' });
  await addFiles([file('may.csv')]);
  expect(useApp.getState().current?.path).toBe('/data/may.csv');
  expect(useApp.getState().error).toBeUndefined();
});
