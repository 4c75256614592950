// Types for chromium-path.mjs (plain JavaScript, read by scripts without a TypeScript loader).
export declare function chromiumFromEnv(): string | null;
export declare function findChromium(): string | null;
export declare const CHROMIUM_FLAGS: readonly string[];
export declare const SKIP_WARNING: string;
