/**
 * `@omega/core`: the pure notification logic of omega-notify (no I/O, no clock, no env).
 * Every module is re-exported here; import from `@omega/core`.
 */
export * from './keywords.ts';
export * from './priorities.ts';
export * from './types.ts';
