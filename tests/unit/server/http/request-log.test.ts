/** LOG_FORMAT=json: one line per request, with the route pattern and never a secret. */
import { describe, expect, it } from 'vitest';
import type { RequestLine } from '$src/server/http/request-log.ts';
import { testApp } from '../helpers/app.ts';
import { openStore } from '../helpers/stores.ts';

describe('the JSON request log', () => {
  it('writes one line per request: method, route pattern, status, ms, id', async () => {
    const opened = await openStore('sqlite');
    const lines: string[] = [];
    try {
      const app = testApp(opened, () => 0, { requestLog: (l) => lines.push(l) });
      const sha = 'a'.repeat(64);
      const res = await app.request(`/api/v1/blobs/${sha}?token=SECRET-TOKEN`, {
        headers: { authorization: 'Bearer SECRET-BEARER' },
      });
      await app.request('/api/v1/health', { headers: { 'x-request-id': 'caddy-42' } });
      expect(lines).toHaveLength(2);
      const first = JSON.parse(lines[0]!) as RequestLine;
      expect(first).toMatchObject({ method: 'GET', route: '/api/v1/blobs/:sha256', status: res.status });
      expect(first.ms).toBeGreaterThanOrEqual(0);
      expect(res.headers.get('x-request-id')).toBe(first.id);
      expect(lines.join('\n')).not.toMatch(/SECRET|aaaaaaaa/);
      expect(JSON.parse(lines[1]!)).toMatchObject({ id: 'caddy-42', route: '/api/v1/health', status: 200 });
    } finally {
      await opened.dispose();
    }
  });

  it('keeps no line when not asked (LOG_FORMAT=text)', async () => {
    const opened = await openStore('sqlite');
    try {
      const res = await testApp(opened, () => 0).request('/api/v1/health');
      expect(res.headers.get('x-request-id')).toBeNull();
    } finally {
      await opened.dispose();
    }
  });
});
