/**
 * Files handed to the app on its command line (Windows/Linux "Open with", a second launch, `npm start -- file.csv`).
 * Chromium switches, the app path and anything that is not a lead file are ignored.
 */
export const LEAD_FILE = /\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$/i;
export const LEAD_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xls', 'ods'];

export function filesFromArgv(argv: readonly string[], isPackaged: boolean): string[] {
  // Unpackaged, argv is [electron, app-path, ...]; packaged, [app, ...].
  const args = argv.slice(isPackaged ? 1 : 2);
  return args.filter((a) => !a.startsWith('-') && LEAD_FILE.test(a));
}
