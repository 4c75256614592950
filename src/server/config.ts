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
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  staticDir: string;
  registerPerMinute: number;
  openRegistration: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT=) means "use the default", as people expect from shells.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = EnvSchema.safeParse(present);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return {
    port: r.data.PORT,
    host: r.data.HOST,
    dataDir: resolve(r.data.DATA_DIR),
    databaseUrl: r.data.DATABASE_URL,
    staticDir: resolve(r.data.STATIC_DIR),
    registerPerMinute: r.data.REGISTER_RATE_PER_MIN,
    openRegistration: r.data.OPEN_REGISTRATION === '1',
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
