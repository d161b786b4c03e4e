// The features whose commands the server accepts. A new feature (voting, …) adds itself here.
import type { Feature } from '../commands/registry.ts';
import { SESSION_FEATURE } from './session.ts';

export const BUILTIN_FEATURES: readonly Feature[] = [SESSION_FEATURE];
