/**
 * Node's on-disk compile cache, for the command line and the tools that run the TypeScript sources
 * directly: the second run on a machine skips stripping the types and compiling every module again. The
 * lead reader's worker thread loads its modules at the start of every import, about 130 ms of it when
 * cold. A worker thread takes the cache's folder from NODE_COMPILE_CACHE in the environment it inherits,
 * so it is set there too. The cache is keyed by each file's contents and Node's version: an edited file
 * is compiled afresh. A folder that cannot be written only leaves the cache off.
 */
import { enableCompileCache } from 'node:module';

export function turnOnCompileCache(): void {
  const { directory } = enableCompileCache();
  if (directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = directory;
}
