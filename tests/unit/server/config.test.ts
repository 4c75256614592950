/** Environment configuration: defaults, coercion, and a clear error for a wrong value. */
import { describe, expect, it } from 'vitest';
import { loadConfig, redactUrl } from '$src/server/config.ts';

describe('loadConfig', () => {
  it('defaults to port 8080 on all interfaces, ./data, SQLite', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: undefined, registerPerMinute: 120 });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('reads PORT, HOST, DATA_DIR and DATABASE_URL; empty means default', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATA_DIR: '/srv/lumbung',
      DATABASE_URL: 'postgres://u:p@db/x',
      STATIC_DIR: '',
    });
    expect(c).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/srv/lumbung',
      databaseUrl: 'postgres://u:p@db/x',
    });
    expect(c.staticDir).toMatch(/\/dist$/);
  });

  it('refuses a wrong value with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('never prints a database password', () => {
    expect(redactUrl('postgres://u:secret@db:5432/x')).not.toContain('secret');
  });
});
