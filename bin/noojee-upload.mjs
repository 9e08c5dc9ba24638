#!/usr/bin/env node
// The `noojee-upload` command: the same entry as `npm run cli` (Node 24 runs the TypeScript sources).
// The Node version is checked before any TypeScript loads (an older Node cannot load it at all); the
// compile cache is on before the command's modules load, so that they load from it too.
import { requireNode } from '../scripts/require-node.mjs';

requireNode();
const { turnOnCompileCache } = await import('../electron/core/compile-cache.ts');
turnOnCompileCache();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
