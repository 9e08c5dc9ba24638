import { describe, expect, it } from 'vitest';
import { parseSettings, updateFeed } from './settings.ts';

describe('desktop settings: auto-update', () => {
  it('is off by default and when the file is missing', () => {
    const { settings, problem } = parseSettings(undefined, 'settings.json');
    expect(settings.autoUpdate.enabled).toBe(false);
    expect(problem).toBeUndefined();
    expect(updateFeed(settings, true)).toBeUndefined();
    expect(updateFeed(parseSettings('{}', 'settings.json').settings, true)).toBeUndefined();
  });

  it('runs only when enabled, with an https feed, in an installed app', () => {
    const on = parseSettings('{"autoUpdate":{"enabled":true,"url":"https://updates.noojee.com.au/lead-uploader"}}', 's.json');
    expect(updateFeed(on.settings, true)).toBe('https://updates.noojee.com.au/lead-uploader');
    expect(updateFeed(on.settings, false)).toBeUndefined();
    expect(updateFeed(parseSettings('{"autoUpdate":{"enabled":true}}', 's.json').settings, true)).toBeUndefined();
  });

  it('says what is wrong with a bad settings file, and falls back to the defaults', () => {
    const http = parseSettings('{"autoUpdate":{"enabled":true,"url":"http://updates.example"}}', '/data/settings.json');
    expect(http.problem).toBe(
      '/data/settings.json: autoUpdate.url: the update feed must be an https:// URL; using the defaults.',
    );
    expect(http.settings.autoUpdate.enabled).toBe(false);
    expect(parseSettings('{oops', '/data/settings.json').problem).toMatch(/^\/data\/settings\.json is not valid JSON/);
    expect(parseSettings('{"autoUpdate":{"enabled":"yes"}}', 's.json').problem).toMatch(/autoUpdate\.enabled/);
  });
});
