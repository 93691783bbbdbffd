/**
 * The dashboard SPA: root dashboard/, built to dashboard/dist (served by the API at '/').
 * `vite dev` proxies the API and the WebSocket stream to a local `orq dev` on port 5000.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const API_TARGET = 'http://localhost:5000';
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2_000, // elkjs alone is ~1.5 MB unminified
  },
  server: {
    port: 5173,
    proxy: {
      '/api/stream': { target: API_TARGET, ws: true },
      '/api': API_TARGET,
      '/health': API_TARGET,
      '/ready': API_TARGET,
      '/ws': { target: API_TARGET, ws: true },
    },
  },
});
