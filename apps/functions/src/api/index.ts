// The staff API: a Hono app (mounted as one HTTPS function) and its types for the dashboard.

export {
  type ApiErrorBody,
  bearerToken,
  firebaseTokenVerifier,
  type StaffUser,
  type TokenError,
  type TokenVerifier,
} from '../http/index.ts';
export { createStaffApi, PUBLIC_ROUTES, type StaffApi } from './app.ts';
export { requireAdmin, requireStaff } from './auth.ts';
export { type ApiDepsOptions, apiDepsFromPipeline } from './build-deps.ts';
export type { ApiDeps, StaffNotify, StaffNotifyOutcome, StaffNotifyRequest } from './deps.ts';
export type { Analytics, ChannelStats, LatencyPercentile } from './services/analytics.ts';
export type * from './types.ts';
