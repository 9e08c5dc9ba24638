/**
 * Desktop settings the UI does not edit (settings.json in userData). Auto-update is wired but OFF unless
 * an administrator turns it on and names a feed: leads are business data, and the app must not phone home
 * on its own.
 */
import { z } from 'zod';

export const desktopSettings = z.object({
  autoUpdate: z
    .object({
      enabled: z.boolean().default(false),
      /** A generic electron-updater feed (latest.yml and the installers), https only. */
      url: z
        .string()
        .url()
        .refine((u) => u.startsWith('https://'), 'the update feed must be an https:// URL')
        .optional(),
    })
    .default({ enabled: false }),
});
export type DesktopSettings = z.infer<typeof desktopSettings>;

export type SettingsResult = { settings: DesktopSettings; problem?: string };

export function parseSettings(text: string | undefined, file: string): SettingsResult {
  const defaults = desktopSettings.parse({});
  if (text === undefined) return { settings: defaults };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { settings: defaults, problem: `${file} is not valid JSON (${(error as Error).message}); using the defaults.` };
  }
  const parsed = desktopSettings.safeParse(json);
  if (parsed.success) return { settings: parsed.data };
  const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { settings: defaults, problem: `${file}: ${where}; using the defaults.` };
}

/** Auto-update runs only when switched on, given a feed, and in an installed (packaged) app. */
export function updateFeed(settings: DesktopSettings, isPackaged: boolean): string | undefined {
  const { enabled, url } = settings.autoUpdate;
  return enabled && url && isPackaged ? url : undefined;
}
