/**
 * Runs before any schema is built (main.tsx imports it first). zod 4 probes `new Function` when it
 * builds an object schema, to compile faster parsers; the Content-Security-Policy forbids eval, and
 * Chromium reports even the caught probe as a violation. `jitless` skips the probe and the
 * compilation. It is set through the global zod reads its config from (`z.config` writes the same
 * object), so the zod chunk stays out of the initial load (vite.config.ts).
 */
const scope = globalThis as { __zod_globalConfig?: Record<string, unknown> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
