/**
 * The layer rules of docs/architecture.md, checked by dependency-cruiser (`npm run layers`, and
 * scripts/layers.test.ts inside `npm test`). Paths are relative to the repository root.
 * TypeScript 7 has no JavaScript API, so sources are parsed with swc.
 */

/** Packages that bring a UI framework: only the renderer may use them. */
const UI_PACKAGES = '(^|/)node_modules/(react|react-dom|zustand|@tanstack/react-[^/]+)/';
const ELECTRON = '(^|/)node_modules/electron/';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const forbidden = [
  {
    name: 'resolvable',
    comment: 'every import names a file or an installed package (a typo would otherwise slip past every rule)',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
  {
    name: 'shared-is-pure',
    comment: 'shared/ imports nothing from node:, electron or React, and nothing outside shared/',
    severity: 'error',
    from: { path: '^shared/' },
    to: { pathNot: '^shared/|(^|/)node_modules/(zod|libphonenumber-js|papaparse)/' },
  },
  {
    name: 'shared-no-node-builtins',
    comment: 'shared/ runs in the page too: no node: modules',
    severity: 'error',
    from: { path: '^shared/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'renderer-talks-through-the-contract',
    comment: 'renderer/ imports nothing from node: or electron, and only shared/ outside itself',
    severity: 'error',
    from: { path: '^renderer/src/' },
    to: { pathNot: '^(renderer/src/|shared/)|(^|/)node_modules/' },
  },
  {
    name: 'renderer-no-node-or-electron',
    severity: 'error',
    from: { path: '^renderer/src/' },
    to: { path: ELECTRON },
  },
  {
    name: 'renderer-no-node-builtins',
    severity: 'error',
    from: { path: '^renderer/src/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'core-is-plain-node',
    comment: 'electron/core/ imports nothing from electron, the shells, the renderer or the simulator',
    severity: 'error',
    from: { path: '^electron/core/' },
    to: { path: `${ELECTRON}|^electron/(main|preload|web|cli)/|^renderer/|^simulator/|${UI_PACKAGES}` },
  },
  {
    name: 'cli-is-headless',
    comment: 'electron/cli/ imports nothing from electron, the other shells or the renderer',
    severity: 'error',
    from: { path: '^electron/cli/' },
    to: { path: `${ELECTRON}|^electron/(main|preload|web)/|^renderer/|${UI_PACKAGES}` },
  },
  {
    name: 'web-is-plain-node',
    comment: 'electron/web/ imports nothing from electron, the other shells or the renderer',
    severity: 'error',
    from: { path: '^electron/web/' },
    to: { path: `${ELECTRON}|^electron/(main|preload|cli)/|^renderer/|${UI_PACKAGES}` },
  },
  {
    name: 'main-not-preload',
    comment: 'electron/main/ never imports the preload: what both need (channel names) lives in shared/',
    severity: 'error',
    from: { path: '^electron/main/' },
    to: { path: '^electron/(preload|web|cli)/|^renderer/' },
  },
  {
    name: 'preload-only-shared',
    comment: 'electron/preload/ imports only shared/ and electron itself: it is bundled into a sandboxed page',
    severity: 'error',
    from: { path: '^electron/preload/' },
    to: { pathNot: `^(electron/preload/|shared/)|${ELECTRON}|(^|/)node_modules/zod/` },
  },
  {
    name: 'fixtures-only-in-tests',
    comment: 'electron/{core,cli}/testing/ hold test fixtures: only tests (left out of this walk) import them',
    severity: 'error',
    from: { pathNot: '^electron/(core|cli)/testing/' },
    to: { path: '^electron/(core|cli)/testing/' },
  },
  {
    name: 'simulator-stands-alone',
    comment: 'simulator/ imports nothing from the app',
    severity: 'error',
    from: { path: '^simulator/' },
    to: { path: `${ELECTRON}|^(electron|renderer|shared)/` },
  },
];

/** @type {import('dependency-cruiser').ICruiseOptions} */
export const options = {
  parser: 'swc',
  doNotFollow: { path: 'node_modules' },
  // Not node_modules: an import of a package must stay visible to the rules (doNotFollow keeps them out of the walk).
  exclude: { path: '^(out|dist)/|\\.test\\.tsx?$|(^|/)fixtures/' },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['import', 'require', 'node', 'default', 'types'],
    extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
  },
};

export default { forbidden, options };
