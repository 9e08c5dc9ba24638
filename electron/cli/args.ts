/** The command line's arguments, exactly as docs/cli.md lists them. */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

export const USAGE = `usage: noojee-upload <command> [options]
       npm run --silent cli -- <command> [options]

commands:
  upload <file>      read a CSV/TSV/TXT/XLSX/XLS/ODS file, validate, store the job durably, submit it
  resume [jobId]     continue an unfinished job (the newest unfinished one when no id is given);
                     a job the canary or the refusal guard paused stays paused unless --continue-anyway
  jobs               list jobs with their counts and state
  report <jobId>     write the not-accepted leads of a job (see --rejected-out)
  fix <jobId>        correct stored leads: a selection (--rows, --reason) and one action (--set, --clear,
                     --replace with --from/--to, --use, --skip, --unskip); then resume --fixed-only
  lists templates | campaigns --template ID | allocations --campaign ID
                     print the server's lookup lists (id and name)

options:
  --server URL            server base, e.g. https://pbx.example.com (http:// only for this computer)
  --api-key-env NAME      environment variable that holds the API key (default NOOJEE_API_KEY)
  --template ID --campaign ID --allocation ID
                          the ids sent as fTemplateId, fCampaignId, fAllocationId
  --map FIELD=COLUMN      send column COLUMN (header text, or #N for the N-th column) as FIELD (repeatable)
  --set FIELD=VALUE       send the constant VALUE as FIELD on every lead (repeatable)
  --mapping FILE.json     a saved mapping {"fields":{...},"constants":{...},"phoneFields":[...]}
  --phone-field FIELD     treat FIELD as a phone field (repeatable)
  --country CC            country used to normalise phone numbers (default AU)
  --date-order dmy|mdy    how to read dates like 01/02/2026 (default dmy: day first)
  --sheet NAME            worksheet of a workbook (default: the first sheet with data)
  --header-row N          1-based row that holds the headers (default: detected, else 1)
  --encoding NAME         text encoding of a CSV (default: detected)
  --delimiter C           CSV delimiter (default: detected among , ; tab |)
  --method insertLeads|insertLeadFast
                          batch endpoint or one lead per call (default insertLeads)
  --batch-endpoint NAME   the batch method's name on servers that call it insertLeadsFast
  --batch-size N          leads per batch call (default 500)
  --concurrency N         most calls in flight at once, adaptive below that (default 2)
  --allow-duplicates      send allowDuplicates=true
  --canary N              send the first N leads alone and pause if the server refuses any of them
                          for a reason other than a duplicate (default 10, 0 = off)
  --max-refusal-rate R    pause when more than R (0 to 1) of the latest answered leads are refused,
                          duplicates left out (default 0.2; 1 = off)
  --refusal-window N      how many of the latest answered leads that rate is taken over (default 500)
  --continue-anyway       (resume) go on past a pause of the canary or the refusal guard
  --data-dir DIR          where jobs, the outbox and logs live (default: NOOJEE_UPLOAD_DATA_DIR or the user-data folder)
  --wait-for-lock         when another upload (or the app) is using the data folder, wait for it instead of exiting 2
  --rejected-out FILE     write not-accepted leads there, .csv or .xlsx by extension
  --dry-run               validate and report only; send nothing
  --json                  print one JSON summary as the last line of stdout
  --give-up-after MIN     stop as unfinished (exit 3) after MIN minutes without an answer (default 10)
  --fixed-only            resume: send only the leads fixed after they were refused or found invalid
  --rows LIST             fix: source row numbers as the report shows them, e.g. 2,7,10-20
  --reason TEXT           fix: the leads of one reason group (as the report and review list it)
  --clear FIELD           fix: empty FIELD's column on the selected rows
  --replace FIELD --from OLD --to NEW [--whole-cell] [--ignore-case]
                          fix: replace OLD by NEW in FIELD's column (part of the cell unless --whole-cell)
  --use FIELD=COLUMN      fix: take COLUMN's value as FIELD on the selected rows only
  --skip | --unskip       fix: set the selected rows aside (never sent) or bring them back
  -h, --help              this help

exit codes: 0 all imported or updated, 1 finished with rejected or invalid leads, 2 bad usage, an unreadable file,
            an unusable data folder or one in use by another upload, 3 stored but not finished (resume continues it;
            also a full or failing disk after the job was stored, or a pause by the canary or the refusal guard),
            4 the server refused the credentials or configuration`;

export class UsageError extends Error {}

const OPTIONS = {
  server: { type: 'string' },
  'api-key-env': { type: 'string', default: 'NOOJEE_API_KEY' },
  template: { type: 'string' },
  campaign: { type: 'string' },
  allocation: { type: 'string' },
  map: { type: 'string', multiple: true, default: [] },
  set: { type: 'string', multiple: true, default: [] },
  mapping: { type: 'string' },
  'phone-field': { type: 'string', multiple: true, default: [] },
  country: { type: 'string', default: 'AU' },
  'date-order': { type: 'string', default: 'dmy' },
  sheet: { type: 'string' },
  'header-row': { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  method: { type: 'string', default: 'insertLeads' },
  'batch-endpoint': { type: 'string' },
  'batch-size': { type: 'string', default: '500' },
  concurrency: { type: 'string', default: '2' },
  'allow-duplicates': { type: 'boolean', default: false },
  canary: { type: 'string' },
  'max-refusal-rate': { type: 'string' },
  'refusal-window': { type: 'string' },
  'continue-anyway': { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  'wait-for-lock': { type: 'boolean', default: false },
  'rejected-out': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'give-up-after': { type: 'string', default: '10' },
  help: { type: 'boolean', short: 'h', default: false },
  'fixed-only': { type: 'boolean', default: false },
  rows: { type: 'string' },
  reason: { type: 'string' },
  clear: { type: 'string' },
  replace: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'whole-cell': { type: 'boolean', default: false },
  'ignore-case': { type: 'boolean', default: false },
  use: { type: 'string' },
  skip: { type: 'boolean', default: false },
  unskip: { type: 'boolean', default: false },
} satisfies ParseArgsOptionsConfig;

export function parseCli(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
}

export type CliValues = ReturnType<typeof parseCli>['values'];

export function positiveInt(name: string, value: string | undefined, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''} (got "${value ?? ''}")`,
    );
  }
  return n;
}

/** `FIELD=VALUE` pairs of --map and --set. */
export function pairs(option: string, items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--${option} expects FIELD=${option === 'map' ? 'COLUMN' : 'VALUE'} (got "${item}")`);
    out[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return out;
}
