/** Configuration from the environment, validated once at start (a typo fails loudly). */
import { resolve } from 'node:path';
import { z } from '../core/zod.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL must start with postgres:// or postgresql://' })
    .optional(),
  /** The built PWA; `npm run build` writes it. */
  STATIC_DIR: z.string().min(1).default('./dist'),
  /** Device registrations per client IP per minute (a whole room may share one NAT address). */
  REGISTER_RATE_PER_MIN: z.coerce.number().int().min(1).default(120),
  /** POST /devices (registration without a workshop): off unless 1 (tests and benchmarks). */
  OPEN_REGISTRATION: z.enum(['0', '1']).default('0'),
  /** PEM files: with both, the server speaks HTTPS on PORT (and sends HSTS). */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** With TLS: a plain-HTTP port that only redirects to the HTTPS address. */
  HTTP_REDIRECT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How many reverse proxies stand in front (Caddy: 1). 0 (default): X-Forwarded-* are ignored,
   * as any client could send them. `true` means 1. */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false)$/, {
      error: 'TRUST_PROXY must be a number of proxies (0, 1, …), true or false',
    })
    .default('0')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  /** `json`: one JSON line per request on stdout (for journald / log collectors). */
  LOG_FORMAT: z.enum(['text', 'json'], { error: 'LOG_FORMAT must be text or json' }).default('text'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  staticDir: string;
  registerPerMinute: number;
  openRegistration: boolean;
  /** Absolute PEM paths, both or neither. */
  tls: { cert: string; key: string } | undefined;
  httpRedirectPort: number | undefined;
  /** Number of trusted reverse proxies in front of the server (0: none). */
  trustProxy: number;
  logFormat: 'text' | 'json';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT=) means "use the default", as people expect from shells.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = EnvSchema.safeParse(present);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const { TLS_CERT, TLS_KEY, HTTP_REDIRECT_PORT } = r.data;
  if ((TLS_CERT === undefined) !== (TLS_KEY === undefined))
    throw new Error(
      'Invalid configuration:\n  TLS_CERT and TLS_KEY go together: set both PEM files, or neither.',
    );
  if (HTTP_REDIRECT_PORT !== undefined && TLS_CERT === undefined)
    throw new Error(
      'Invalid configuration:\n  HTTP_REDIRECT_PORT redirects to HTTPS: set TLS_CERT and TLS_KEY too.',
    );
  return {
    port: r.data.PORT,
    host: r.data.HOST,
    dataDir: resolve(r.data.DATA_DIR),
    databaseUrl: r.data.DATABASE_URL,
    staticDir: resolve(r.data.STATIC_DIR),
    registerPerMinute: r.data.REGISTER_RATE_PER_MIN,
    openRegistration: r.data.OPEN_REGISTRATION === '1',
    tls: TLS_CERT && TLS_KEY ? { cert: resolve(TLS_CERT), key: resolve(TLS_KEY) } : undefined,
    httpRedirectPort: HTTP_REDIRECT_PORT,
    trustProxy: r.data.TRUST_PROXY,
    logFormat: r.data.LOG_FORMAT,
  };
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
