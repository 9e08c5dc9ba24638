import { describe, expect, it } from 'vitest';
import { filesFromArgv } from './launch-args.ts';

describe('files on the command line', () => {
  it('takes lead files only, skipping the executable, the app path and Chromium switches', () => {
    expect(
      filesFromArgv(['/opt/Noojee/noojee', '--allow-file-access', '/home/me/leads.CSV', 'notes.md', 'b.xlsx'], true),
    ).toEqual(['/home/me/leads.CSV', 'b.xlsx']);
    expect(filesFromArgv(['electron', '/work/app.csv', 'c.ods'], false)).toEqual(['c.ods']);
  });
});
