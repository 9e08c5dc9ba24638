/** Servers, their keys and the connection test; the server's lists; a template's recorded fields; the app itself. */
import { z } from 'zod';
import { none, ok } from './common.ts';

export const idName = z.object({ id: z.number().int(), name: z.string() });
export type IdName = z.infer<typeof idName>;

/** Where a server's key is kept: the OS keychain, this session's memory only, the environment, or nowhere. */
export const keyStorage = z.enum(['keychain', 'session', 'environment', 'none']);
export type KeyStorage = z.infer<typeof keyStorage>;

export const serverInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** Base URL without path or query, e.g. https://pbx.example.com. Never holds the key. */
  url: z.string(),
  hasKey: z.boolean(),
  /** Where the key is kept: the OS keychain, this session's memory only, or the environment. */
  keyStorage,
  isDemo: z.boolean(),
});
export type ServerInfo = z.infer<typeof serverInfo>;

export const connectionVerdict = z.enum(['ok', 'refused', 'unreachable', 'certificate', 'insecure']);
export type ConnectionVerdict = z.infer<typeof connectionVerdict>;

export const leadField = z.object({
  name: z.string().min(1),
  isPhone: z.boolean(),
  required: z.boolean(),
});
export type LeadField = z.infer<typeof leadField>;

export const serverCalls = {
  getAppInfo: {
    request: none,
    reply: z.object({
      name: z.string(),
      version: z.string(),
      mode: z.enum(['electron', 'browser']),
      dataDir: z.string(),
      platform: z.string(),
    }),
  },

  // servers and connection
  listServers: { request: none, reply: z.array(serverInfo) },
  saveServer: {
    request: z.object({
      id: z.string().optional(),
      name: z.string().min(1),
      url: z.string().min(1),
      /** Only ever travels renderer → main; never returned. Empty keeps the stored key. */
      apiKey: z.string().optional(),
      /** Keep the key for this session only (e.g. no OS keychain). */
      sessionOnly: z.boolean().optional(),
    }),
    reply: serverInfo,
  },
  removeServer: { request: z.object({ id: z.string() }), reply: ok },
  testConnection: {
    request: z.object({ serverId: z.string() }),
    reply: z.object({ verdict: connectionVerdict, message: z.string() }),
  },
  startDemoServer: { request: none, reply: serverInfo },

  // server lookups
  listTemplates: { request: z.object({ serverId: z.string() }), reply: z.array(idName) },
  listCampaigns: {
    request: z.object({ serverId: z.string(), templateId: z.number().int() }),
    reply: z.array(idName),
  },
  listAllocations: {
    request: z.object({ serverId: z.string(), campaignId: z.number().int() }),
    reply: z.array(idName),
  },

  // template field catalogue (the API cannot list a template's fields)
  getTemplateFields: {
    request: z.object({ serverId: z.string(), templateId: z.number().int() }),
    reply: z.object({ fields: z.array(leadField), contactHoursNames: z.array(z.string()) }),
  },
  saveTemplateFields: {
    request: z.object({
      serverId: z.string(),
      templateId: z.number().int(),
      fields: z.array(leadField),
      contactHoursNames: z.array(z.string()).default([]),
    }),
    reply: ok,
  },
} as const;
