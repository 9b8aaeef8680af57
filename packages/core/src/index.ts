/**
 * `@omega/core`: the pure notification logic of omega-notify (no I/O, no clock, no env).
 * Every module is re-exported here; import from `@omega/core`.
 */
export * from './actions.ts';
export * from './cascade.ts';
export * from './consent.ts';
export * from './consent-write.ts';
export * from './cost.ts';
export * from './customer-plan.ts';
export * from './delivery-state.ts';
export * from './experiments.ts';
export * from './html.ts';
export * from './ids.ts';
export * from './keywords.ts';
export * from './limits.ts';
export * from './mask.ts';
export * from './phones.ts';
export * from './pipeline-state.ts';
export * from './priorities.ts';
export * from './retry.ts';
export * from './rollout.ts';
export * from './satisfaction.ts';
export * from './seeded-random.ts';
export * from './segments.ts';
export * from './send-gate.ts';
export * from './send-window.ts';
export * from './sender-health.ts';
export * from './settings.ts';
export * from './sweep.ts';
export * from './twilio-errors.ts';
export * from './types.ts';
export * from './unreachable.ts';
export * from './whatsapp-window.ts';
export * from './zoned-time.ts';
