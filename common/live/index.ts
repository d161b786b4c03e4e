// The live session's shared contract: room names, the Y.Doc shape, commands, quorum and countdown math.
export * from './rooms.ts';
export * from './wire.ts';
export * from './state.ts';
export * from './commands.ts';
export * from './quorum.ts';
export * from './countdown.ts';
export * from './canonicalJson.ts';
export * from './audit.ts';
