import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The API server the dev server forwards to (`npm start` listens here by default). */
const API = 'http://127.0.0.1:3000';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The single-page client: built into `client/dist`, which the Express server serves.
 * `npm run dev` serves it with hot reload and forwards API calls to a running server.
 */
export default defineConfig({
  root: here,
  // Served from the site root by the Express server, so absolute asset URLs are right.
  base: '/',
  plugins: [react()],
  resolve: {
    // The server's CSV writer (server/http/csv.ts, used by the import page) imports csv-stringify's
    // Node build, which needs Buffer; in the browser the same API comes from its browser build.
    alias: [{ find: /^csv-stringify\/sync$/, replacement: 'csv-stringify/browser/esm/sync' }],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // MapLibre GL alone is about 1.1 MB minified; it is loaded with the map page, not at sign-in.
    chunkSizeWarningLimit: 1400,
  },
  server: {
    host: '127.0.0.1',
    // Same-origin requests from the page's point of view, so the SameSite=Strict cookie travels.
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/healthz': { target: API, changeOrigin: false },
    },
    fs: {
      // The client imports the shared vocabularies from ../server/lists.ts and labels.ts.
      allow: [fileURLToPath(new URL('..', import.meta.url))],
    },
  },
  preview: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/healthz': { target: API, changeOrigin: false },
    },
  },
});
