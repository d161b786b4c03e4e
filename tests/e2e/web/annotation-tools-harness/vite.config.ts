// Builds the annotation tools' test harness (index.html) into ./dist (Playwright only; never shipped).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pdfjsAssets } from '../../../../renderer/viewer/pdfAssets.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  plugins: [react(), pdfjsAssets()],
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: { index: here('./index.html') } } },
});
