import type { ServerInfo } from '../../../shared/contract.ts';
import { normaliseServerUrl } from '../../../shared/server-url.ts';
import { lookup } from '../campaigner/lookups.ts';
import type { CoreContext } from '../context.ts';
import { UserError } from '../errors.ts';
import type { SavedServer, ServerRegistry } from '../servers/registry.ts';
import type { Handlers } from './types.ts';

export interface ServerAccess {
  registry: ServerRegistry;
  /** The server's base URL and key, or a UserError saying what is missing. */
  resolve(serverId: string): Promise<{ server: SavedServer; base: string; apiKey: string }>;
}

export function createServerAccess(ctx: CoreContext, registry: ServerRegistry): ServerAccess {
  return {
    registry,
    async resolve(serverId) {
      const server = registry.get(serverId);
      if (!server) throw new UserError('unknown-server', 'That server is no longer saved; choose another.');
      const apiKey = await ctx.secrets.get(serverId);
      if (!apiKey) throw new UserError('no-key', `No API key is stored for ${server.name}: enter it in Connection.`);
      return { server, base: server.url, apiKey };
    },
  };
}

type ServerHandlerNames =
  | 'listServers'
  | 'saveServer'
  | 'removeServer'
  | 'testConnection'
  | 'startDemoServer'
  | 'listTemplates'
  | 'listCampaigns'
  | 'listAllocations';

export function serverHandlers(ctx: CoreContext, access: ServerAccess): Pick<Handlers, ServerHandlerNames> {
  const { registry } = access;
  const info = async (s: SavedServer): Promise<ServerInfo> => {
    const keyStorage = await ctx.secrets.storageOf(s.id);
    return { id: s.id, name: s.name, url: s.url, isDemo: s.isDemo, keyStorage, hasKey: keyStorage !== 'none' };
  };
  return {
    async listServers() {
      return Promise.all(registry.list().map(info));
    },
    async saveServer(req) {
      const url = normaliseServerUrl(req.url);
      if (!url.ok) throw new UserError('bad-url', url.reason);
      const existing = req.id ? registry.get(req.id) : undefined;
      const saved = registry.upsert({ id: req.id, name: req.name.trim(), url: url.base, isDemo: existing?.isDemo ?? false });
      if (req.apiKey?.trim()) await ctx.secrets.set(saved.id, req.apiKey.trim(), { sessionOnly: req.sessionOnly ?? false });
      return info(saved);
    },
    async removeServer({ id }) {
      registry.remove(id);
      await ctx.secrets.remove(id);
      return { ok: true };
    },
    async testConnection({ serverId }) {
      const server = registry.get(serverId);
      if (!server) throw new UserError('unknown-server', 'That server is no longer saved.');
      const url = normaliseServerUrl(server.url);
      if (!url.ok) return { verdict: 'insecure', message: url.reason };
      const apiKey = await ctx.secrets.get(serverId);
      if (!apiKey) return { verdict: 'refused', message: 'No API key is stored for this server.' };
      try {
        const templates = await lookup({ base: url.base, apiKey }, 'getCampaignTemplateList', {}, 15_000);
        return {
          verdict: 'ok',
          message: `${templates.length} campaign template${templates.length === 1 ? '' : 's'} found.`,
        };
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        if (error.code === 'unreachable') {
          const verdict = /certificate/i.test(error.message) ? 'certificate' : 'unreachable';
          return { verdict, message: error.message };
        }
        return { verdict: 'refused', message: `${error.message}` };
      }
    },
    async startDemoServer() {
      if (!ctx.startDemoServer) throw new UserError('unavailable', 'The demo server is not available in this mode.');
      const demo = await ctx.startDemoServer();
      const existing = registry.list().find((s) => s.isDemo);
      const saved = registry.upsert({ id: existing?.id, name: 'Demo server (simulator)', url: demo.url, isDemo: true });
      await ctx.secrets.set(saved.id, demo.apiKey, { sessionOnly: true });
      return info(saved);
    },
    async listTemplates({ serverId }) {
      const { base, apiKey } = await access.resolve(serverId);
      return lookup({ base, apiKey }, 'getCampaignTemplateList');
    },
    async listCampaigns({ serverId, templateId }) {
      const { base, apiKey } = await access.resolve(serverId);
      return lookup({ base, apiKey }, 'getCampaignList', { fTemplateId: templateId });
    },
    async listAllocations({ serverId, campaignId }) {
      const { base, apiKey } = await access.resolve(serverId);
      return lookup({ base, apiKey }, 'getAllocationList', { fCampaignId: campaignId });
    },
  };
}
