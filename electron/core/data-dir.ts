import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where jobs, the outbox and logs live: NOOJEE_UPLOAD_DATA_DIR, else the platform's user-data folder
 * (the same folder Electron's app.getPath('userData') gives for this product name).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NOOJEE_UPLOAD_DATA_DIR) return env.NOOJEE_UPLOAD_DATA_DIR;
  const product = 'Noojee Lead Uploader';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), product);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', product);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), product);
}
