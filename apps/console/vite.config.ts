import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const API_ORIGIN = 'http://127.0.0.1:3000';
/** Paths the API answers; in development Vite forwards them so the console stays same-origin. */
const API_PATHS = ['/trpc', '/healthz', '/readyz', '/v1', '/webhooks', '/uploads', '/.well-known'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    react(),
    // Brotli and gzip copies beside each built file, served by @fastify/static's preCompressed
    // (apps/api/src/platform/http/console-assets.ts): compressed once at build, at the best level,
    // instead of on every request.
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      include: /\.(js|css|html|svg|json|txt|map)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than our pages: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications)|@floating-ui)[\\/]/ },
            { name: 'data', test: /node_modules[\\/](@trpc|@tanstack|superjson)[\\/]/ },
            // Only forms and pages that parse with the shared schemas need zod: keep it out of the initial load.
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(API_PATHS.map((prefix) => [prefix, { target: API_ORIGIN }])),
  },
});
