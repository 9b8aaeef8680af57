// @omega/stack: the whole system, locally. Dev-only; nothing here is deployed.
export type { DocumentChange } from './bridge/collection-bridge.ts';
export { bridgeCollection } from './bridge/collection-bridge.ts';
export { type SkippablePiece, stackEnvSchema } from './env.ts';
export { consoleSink, type LogSink, memorySink, silentSink } from './log.ts';
export type { Piece } from './piece.ts';
export {
  DASHBOARD_ROOT,
  type DashboardTargets,
  dashboardServerConfig,
} from './pieces/dashboard.ts';
export { PortInUseError } from './ports.ts';
export { seedDemoShop } from './seed/seed.ts';
export { ensureStaffUser, LOCAL_STAFF, type StaffAccount } from './seed/staff-user.ts';
export {
  STAFF_API_FUNCTION,
  type Stack,
  type StackOptions,
  type StackPorts,
  type StackUrls,
  startStack,
} from './stack.ts';
export { until } from './until.ts';
