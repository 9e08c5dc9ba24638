#!/usr/bin/env node
// The `noojee-upload` command: the same entry as `npm run cli` (Node 24 runs the TypeScript sources).
// The compile cache is on before the command's modules load, so that they load from it too.
import { turnOnCompileCache } from '../electron/core/compile-cache.ts';

turnOnCompileCache();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
