/** The build's version (vite.config.ts defines it; 'dev' under vitest, which does not). Shown in
 * settings and on <html data-app-version>, so a person and a test can tell versions apart. */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
