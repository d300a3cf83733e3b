import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('config', () => {
  it('reads the import limit, and a typo in it stops the start naming the variable', () => {
    expect(loadConfig({}).PIPEWISE_IMPORT_MAX_MB).toBe(256);
    expect(loadConfig({ PIPEWISE_IMPORT_MAX_MB: '0.5' }).PIPEWISE_IMPORT_MAX_MB).toBe(0.5);
    for (const bad of ['25O', '-1', '0', 'lots'])
      expect(() => loadConfig({ PIPEWISE_IMPORT_MAX_MB: bad })).toThrow(/PIPEWISE_IMPORT_MAX_MB/);
  });

  it('refuses a bad worker count or log level', () => {
    expect(() => loadConfig({ PIPEWISE_WORKERS: 'four' })).toThrow(/PIPEWISE_WORKERS/);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(loadConfig({ PIPEWISE_WORKERS: '2' }).PIPEWISE_WORKERS).toBe(2);
  });
});
