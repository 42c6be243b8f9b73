// Runs before the console's modules (a classic script in <head>; module scripts run after it), so
// before any zod schema is built. zod 4 probes `new Function` when it builds an object schema, to
// compile faster parsers; the Content-Security-Policy forbids eval, and Chromium reports even the
// caught probe as a violation. `jitless` skips the probe. zod reads its config from this global
// (`z.config` writes the same object). Not in a module: a module's body runs after its imports,
// and zod can be among them.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
