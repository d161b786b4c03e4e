#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx council` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/council.ts');
