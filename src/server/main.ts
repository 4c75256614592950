/**
 * `npm start` / `npm run serve`: migrate, then serve the API and the built PWA on PORT,
 * printing the addresses phones in the same room can open.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { bannerLines, lanAddresses } from './banner.ts';
import { loadConfig } from './config.ts';
import { startHttpRedirect, tlsServeOptions } from './http/tls.ts';
import { openStores } from './open-store.ts';
import type { Store } from './store/types.ts';
import { applyHttpTimeouts } from './http/timeouts.ts';
import { startPhotoSweep } from './blobs/sweep.ts';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'dev';
  } catch {
    return 'dev';
  }
}

/** DESIGN.md: the first start says how to create the first admin. */
async function firstAdminHint(store: Store): Promise<void> {
  try {
    if ((await store.countAdmins()) > 0) return;
    console.log('  No admin account yet. Create the first one (central office) with:');
    console.log('    npm run admin -- create-admin --username <name>');
    console.log('  It asks for the password (at least 10 characters), or reads ADMIN_PASSWORD.');
  } catch (err) {
    console.error('Could not check for admin accounts:', err instanceof Error ? err.message : err);
  }
}

async function main() {
  const config = loadConfig();
  const { store, blobs } = await openStores(config, { warm: true });
  const hasDist = existsSync(join(config.staticDir, 'index.html'));
  if (!hasDist) {
    console.warn(
      `! The app is not built: ${config.staticDir}/index.html is missing. Run \`npm run build\` (or \`npm start\`, which builds first). The API runs anyway.`,
    );
  }
  const app = createApp({
    store,
    blobs,
    clock: Date.now,
    version: version(),
    registerLimit: { max: config.registerPerMinute, windowMs: 60_000 },
    openRegistration: config.openRegistration,
    ...(hasDist ? { staticDir: config.staticDir } : {}),
    trustProxy: config.trustProxy,
    dataDir: config.dataDir,
    ...(config.logFormat === 'json'
      ? { requestLog: (line: string) => process.stdout.write(`${line}\n`) }
      : {}),
  });
  const tls = tlsServeOptions(config);
  let redirect: Server | undefined;
  /** Once the main port listens (PORT=0 took a free one): the redirect port, then the banner. */
  const listening = async (port: number) => {
    if (config.tls && config.httpRedirectPort !== undefined)
      redirect = await startHttpRedirect(config.httpRedirectPort, config.host, port);
    const redirectPort = (redirect?.address() as { port: number } | null)?.port;
    const shown = { ...config, httpRedirectPort: redirectPort };
    for (const line of bannerLines(shown, port, version(), lanAddresses())) console.log(line);
    void firstAdminHint(store);
  };
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, ...tls }, (info) => {
    void listening(info.port).catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
  });

  applyHttpTimeouts(server as Server);
  startPhotoSweep({ store, blobs, clock: Date.now, log: console });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing open requests…`);
    // Force exit if a client keeps a connection open too long.
    setTimeout(() => process.exit(1), 10_000).unref();
    redirect?.close();
    server.close(() => {
      store.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
