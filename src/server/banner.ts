/**
 * What `npm start` prints once it listens: the database, the addresses to open, and, without
 * HTTPS, a plain warning instead of inviting phones to an http:// LAN address where they would
 * get no offline mode.
 */
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { redactUrl } from './config.ts';

/** IPv4 addresses other devices on the LAN can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

export function bannerLines(config: Config, port: number, version: string, lan: string[]): string[] {
  const db = config.databaseUrl
    ? `PostgreSQL ${redactUrl(config.databaseUrl)}`
    : `SQLite ${join(config.dataDir, 'lumbung.sqlite')}`;
  const scheme = config.tls ? 'https' : 'http';
  const lines = [`Lumbung Inovasi ${version} — database: ${db}`];
  lines.push(`  Local:   ${scheme}://localhost:${port}/`);
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  if (config.tls) {
    if (everywhere)
      for (const ip of lan)
        lines.push(`  Network: https://${ip}:${port}/   (use the name on the certificate)`);
    else lines.push(`  Bound:   https://${config.host}:${port}/`);
    if (config.httpRedirectPort !== undefined)
      lines.push(`  HTTP port ${config.httpRedirectPort} only redirects to HTTPS.`);
  } else {
    if (!everywhere) lines.push(`  Bound:   http://${config.host}:${port}/`);
    if (config.trustProxy > 0) {
      lines.push(
        `  Behind ${config.trustProxy} reverse prox${config.trustProxy === 1 ? 'y' : 'ies'} (TRUST_PROXY): phones open its https:// address.`,
      );
    } else {
      lines.push(
        '  ! No HTTPS. Phones opening a plain http:// address of this machine get NO offline mode',
        '    (no service worker), and the app shows them a warning. Serve HTTPS first:',
        '    Caddy in front, or TLS_CERT/TLS_KEY. See docs/deploy.md.',
      );
    }
  }
  lines.push('  Stop with Ctrl+C.');
  return lines;
}
