// The staff API: a Hono app (mounted as one HTTPS function) and its types for the dashboard.
export { createStaffApi, PUBLIC_ROUTES, type StaffApi } from './app.ts';
export {
  bearerToken,
  firebaseTokenVerifier,
  requireAdmin,
  requireStaff,
  type StaffUser,
  type TokenError,
  type TokenVerifier,
} from './auth.ts';
export { type ApiDepsOptions, apiDepsFromPipeline } from './build-deps.ts';
export type { ApiDeps, StaffNotify, StaffNotifyOutcome, StaffNotifyRequest } from './deps.ts';
export type { ApiErrorBody } from './errors.ts';
export type { Analytics, ChannelStats, LatencyPercentile } from './services/analytics.ts';
export type * from './types.ts';
