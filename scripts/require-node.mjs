// Plain JavaScript on purpose: on Node before 24 a `.ts` file fails to load before any of its code runs,
// so this check must be the first thing `npm start`, `npm test`, `npm run web`, the command line and
// `npm install` load. It says in one line what is needed and how to get it, instead of a stack trace.

import { pathToFileURL } from 'node:url';

export const NEEDED_MAJOR = 24;

/** The line to print, or undefined when this Node is new enough. */
export function nodeVersionProblem(version = process.versions.node) {
  const major = Number(version.split('.')[0]);
  if (major >= NEEDED_MAJOR) return undefined;
  return (
    `Noojee Lead Uploader needs Node.js ${NEEDED_MAJOR} or later, and this is Node.js ${version}: ` +
    `install Node.js ${NEEDED_MAJOR} (from nodejs.org, or \`nvm install ${NEEDED_MAJOR}\`), put it first on PATH, then run this again.`
  );
}

/** Stops the process with the line when this Node is too old. */
export function requireNode() {
  const problem = nodeVersionProblem();
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--warn` (npm install): say it, but let the install finish; the app itself refuses to start later.
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    if (!process.argv.includes('--warn')) process.exit(1);
  }
}
