import { mkdirSync } from 'node:fs';
import type { CoreContext } from './context.ts';
import { appHandlers } from './handlers/app.ts';
import { createServerAccess, serverHandlers } from './handlers/servers.ts';
import type { Handlers } from './handlers/types.ts';
import { openServerRegistry } from './servers/registry.ts';

export interface CoreService {
  handlers: Partial<Handlers>;
  close(): Promise<void>;
}

/** Builds the core behind the contract: the same object serves Electron IPC, browser mode and tests. */
export function createCoreService(ctx: CoreContext): CoreService {
  mkdirSync(ctx.dataDir, { recursive: true });
  const access = createServerAccess(ctx, openServerRegistry(ctx.dataDir));
  const handlers: Partial<Handlers> = {
    ...appHandlers(ctx),
    ...serverHandlers(ctx, access),
  };
  return {
    handlers,
    async close() {},
  };
}
