// The features whose commands the server accepts. A new feature (voting, …) adds itself here; a feature with
// rooms but no commands (annotations) only registers its room policies by being imported.
import './annotations.ts';
import type { Feature } from '../commands/registry.ts';
import { SESSION_FEATURE } from './session.ts';
import { VOTING_FEATURE } from './voting.ts';
import { VOTING_SECRET_FEATURE } from './votingSecret.ts';

export const BUILTIN_FEATURES: readonly Feature[] = [SESSION_FEATURE, VOTING_FEATURE, VOTING_SECRET_FEATURE];
