#!/usr/bin/env node
// The `noojee-upload` command: the same entry as `npm run cli` (Node 24 runs the TypeScript sources).
import { main } from '../electron/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
