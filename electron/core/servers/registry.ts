import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Saved servers (never their keys: those live in the SecretStore), kept as a small JSON file. */
const savedServer = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  isDemo: z.boolean().default(false),
});
export type SavedServer = z.infer<typeof savedServer>;

export interface ServerRegistry {
  list(): SavedServer[];
  get(id: string): SavedServer | undefined;
  upsert(server: Omit<SavedServer, 'id'> & { id?: string }): SavedServer;
  remove(id: string): void;
}

export function openServerRegistry(dataDir: string): ServerRegistry {
  const file = join(dataDir, 'servers.json');
  const load = (): SavedServer[] => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    return z.array(savedServer).parse(JSON.parse(text));
  };
  let servers = load();
  const save = () => {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(servers, null, 2));
    renameSync(tmp, file);
  };
  return {
    list: () => [...servers],
    get: (id) => servers.find((s) => s.id === id),
    upsert(server) {
      const id = server.id ?? randomUUID();
      const next: SavedServer = { id, name: server.name, url: server.url, isDemo: server.isDemo };
      servers = servers.some((s) => s.id === id) ? servers.map((s) => (s.id === id ? next : s)) : [...servers, next];
      save();
      return next;
    },
    remove(id) {
      servers = servers.filter((s) => s.id !== id);
      save();
    },
  };
}
