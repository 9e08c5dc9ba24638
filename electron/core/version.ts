import { readFileSync } from 'node:fs';

/** The app's version, read once from package.json beside the sources. */
export const appVersion: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
