/** TRUST_PROXY, HSTS and the HTTPS redirect: who the client is and which scheme it used. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '$src/server/config.ts';
import { httpsLocation } from '$src/server/http/tls.ts';
import { bannerLines } from '$src/server/banner.ts';
import { testApp } from '../helpers/app.ts';
import { openStore } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 0, 1);

async function joinAs(app: ReturnType<typeof testApp>, headers: Record<string, string>) {
  const res = await app.request('/api/v1/join', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code: 'NOPE1234', deviceId: 'dev_aaaaaaaaaaaaaaaa', name: 'A' }),
  });
  return res.status;
}

describe('the join rate limit, behind a proxy', () => {
  it('with TRUST_PROXY=1 counts two X-Forwarded-For clients apart', async () => {
    const opened = await openStore('sqlite');
    try {
      const app = testApp(opened, () => T0, { trustProxy: 1, joinLimit: { max: 1, windowMs: 60_000 } });
      expect(await joinAs(app, { 'x-forwarded-for': '10.0.0.1' })).not.toBe(429);
      expect(await joinAs(app, { 'x-forwarded-for': '10.0.0.1' })).toBe(429);
      expect(await joinAs(app, { 'x-forwarded-for': '10.0.0.2' })).not.toBe(429);
      // A client cannot escape by prefixing a made-up address: only the proxy's entry counts.
      expect(await joinAs(app, { 'x-forwarded-for': '6.6.6.6, 10.0.0.1' })).toBe(429);
    } finally {
      await opened.dispose();
    }
  });

  it('without TRUST_PROXY ignores X-Forwarded-For (anyone could send it)', async () => {
    const opened = await openStore('sqlite');
    try {
      const app = testApp(opened, () => T0, { joinLimit: { max: 1, windowMs: 60_000 } });
      expect(await joinAs(app, { 'x-forwarded-for': '10.0.0.1' })).not.toBe(429);
      expect(await joinAs(app, { 'x-forwarded-for': '10.0.0.2' })).toBe(429);
    } finally {
      await opened.dispose();
    }
  });
});

describe('HSTS', () => {
  it('is sent on HTTPS and not on plain HTTP', async () => {
    const opened = await openStore('sqlite');
    try {
      const app = testApp(opened, () => T0);
      const secure = await app.request('https://lumbung.example/api/v1/health');
      expect(secure.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
      const plain = await app.request('http://lumbung.example/api/v1/health');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await opened.dispose();
    }
  });

  it('follows X-Forwarded-Proto only from a trusted proxy', async () => {
    const opened = await openStore('sqlite');
    try {
      const proxied = testApp(opened, () => T0, { trustProxy: 1 });
      const viaCaddy = await proxied.request('/api/v1/health', { headers: { 'x-forwarded-proto': 'https' } });
      expect(viaCaddy.headers.get('strict-transport-security')).not.toBeNull();
      const direct = testApp(opened, () => T0);
      const spoofed = await direct.request('/api/v1/health', { headers: { 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await opened.dispose();
    }
  });
});

describe('HTTP_REDIRECT_PORT', () => {
  it('sends a plain-HTTP request to the same host and path on the HTTPS port', () => {
    expect(httpsLocation('lumbung.example:8081', '/join?c=1', 8443)).toBe(
      'https://lumbung.example:8443/join?c=1',
    );
    expect(httpsLocation('lumbung.example', '/', 443)).toBe('https://lumbung.example/');
    expect(httpsLocation('[::1]:80', '/a', 8443)).toBe('https://[::1]:8443/a');
    expect(httpsLocation(undefined, '/', 443)).toBeNull();
    expect(httpsLocation('bad host/x', '/', 443)).toBeNull();
  });
});

describe('configuration', () => {
  it('reads TLS, TRUST_PROXY and LOG_FORMAT', () => {
    const c = loadConfig({
      TLS_CERT: 'c.pem',
      TLS_KEY: 'k.pem',
      HTTP_REDIRECT_PORT: '8081',
      TRUST_PROXY: '1',
      LOG_FORMAT: 'json',
    });
    expect(c.tls?.cert).toMatch(/\/c\.pem$/);
    expect(c).toMatchObject({ httpRedirectPort: 8081, trustProxy: 1, logFormat: 'json' });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({}).tls).toBeUndefined();
  });

  it('refuses half a TLS setup, a redirect without TLS, and a wrong TRUST_PROXY', () => {
    expect(() => loadConfig({ TLS_CERT: 'c.pem' })).toThrow(/TLS_CERT and TLS_KEY/);
    expect(() => loadConfig({ HTTP_REDIRECT_PORT: '80' })).toThrow(/HTTP_REDIRECT_PORT/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});

describe('the start-up banner', () => {
  it('without TLS does not invite phones to a plain http:// LAN address', () => {
    const text = bannerLines(loadConfig({}), 8080, '1.0', ['192.168.1.5']).join('\n');
    expect(text).not.toContain('http://192.168.1.5');
    expect(text).toMatch(/NO offline mode/);
    expect(text).toContain('docs/deploy.md');
    expect(text).toContain('http://localhost:8080/');
  });

  it('with TLS lists the https:// addresses', () => {
    const text = bannerLines(loadConfig({ TLS_CERT: 'c', TLS_KEY: 'k' }), 8443, '1.0', ['192.168.1.5']).join(
      '\n',
    );
    expect(text).toContain('https://localhost:8443/');
    expect(text).toContain('https://192.168.1.5:8443/');
    expect(text).not.toMatch(/NO offline mode/);
  });
});
