import type { CoreContext } from '../context.ts';
import type { Handlers } from './types.ts';

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'getAppInfo'> {
  return {
    async getAppInfo() {
      return {
        name: 'Noojee Lead Uploader',
        version: ctx.version,
        mode: ctx.mode,
        dataDir: ctx.dataDir,
        platform: process.platform,
      };
    },
  };
}
