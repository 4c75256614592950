/**
 * The one place core takes zod from, configured before any schema exists. Zod's JIT probes
 * `new Function`, which the app's CSP (no 'unsafe-eval') reports as a violation on every page
 * load; the plain parser is fast enough for forms and sync pages. Schemas capture the setting
 * when they are created, so every module that builds schemas imports `z` from here.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
