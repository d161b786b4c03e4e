// Builds the viewer harness pages (ours.html, reference.html) into bench/viewer/dist.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pdfjsAssets } from '../../renderer/viewer/pdfAssets.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { ours: here('./ours.html'), reference: here('./reference.html') } },
  },
});
