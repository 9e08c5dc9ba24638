/** The command line of an upload the tests make, in process (cli-harness.ts) or as a process (reliability/). */
import type { Simulator } from '../../../simulator/server.ts';

/** `upload <file>` to campaign 41, allocation 38 of template 41 on `server` (a simulator or any stand-in), with --json. */
export const uploadArgs = (file: string, dataDir: string, server: Pick<Simulator, 'url'>, extra: string[] = []): string[] => [
  'upload',
  file,
  '--server',
  server.url,
  '--template',
  '41',
  '--campaign',
  '41',
  '--allocation',
  '38',
  '--data-dir',
  dataDir,
  '--json',
  ...extra,
];
