// Builds the browser client that `council serve` hands out (and Electron loads): renderer/ → renderer/dist.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorker } from './sw/serviceWorkerPlugin.ts';
import { pdfjsAssets } from './viewer/pdfAssets.ts';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [react(), pdfjsAssets(), serviceWorker()],
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
});
