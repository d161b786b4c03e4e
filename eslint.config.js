// Lint with zero warnings; the folder decides the runtime (STYLE.md) and these rules enforce it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'os', 'child_process', 'stream', 'url', 'net', 'zlib', 'worker_threads'];
const noNode = { group: nodeBuiltins, message: 'This folder runs in browsers too: no Node built-ins.' };
const noElectron = { regex: '^electron(/.*)?$', message: 'Only main/electron imports electron.' };
const noDom = { group: ['react', 'react-dom', 'react-dom/*', 'pdfjs-dist', 'pdfjs-dist/*'], message: 'common/ is pure: no DOM libraries.' };
const noOurs = (...folders) => ({
  group: folders.flatMap((f) => [`**/${f}/**`, `../${f}/*`, `../../${f}/*`]),
  message: `Not allowed to import from ${folders.join(', ')} here.`,
});

export default tseslint.config(
  { ignores: ['node_modules', '**/dist', 'dist-electron', 'renderer/dist', 'tests/artifacts', 'test-results', 'build', 'data', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [noElectron] }],
    },
  },
  {
    files: ['common/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noDom, noOurs('main', 'renderer', 'collab-server')] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noNode, noElectron, noOurs('main', 'collab-server')] }],
    },
  },
  {
    // main/ (services, the desktop shell's Node side) never reaches into the server: only cli/ joins the two.
    files: ['main/services/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noOurs('renderer', 'collab-server', 'cli')] }] },
  },
  {
    // cli/ is the composition root for operators, the secretariat and delegates: the only folder that may import
    // both main/services and collab-server.
    files: ['cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noOurs('renderer')] }] },
  },
  {
    files: ['collab-server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noOurs('renderer', 'main', 'cli')] }] },
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noOurs('renderer', 'collab-server', 'services')] }] },
  },
  {
    // Build-time code beside the renderer (vite config and plugins) runs in Node, never in a browser.
    files: ['renderer/vite.config.ts', 'renderer/viewer/pdfAssets.ts', 'renderer/sw/serviceWorkerPlugin.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    // The desktop shell may import electron, and like the rest of main/ never the server or the CLI.
    files: ['main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noOurs('collab-server', 'cli')] }] },
  },
);
