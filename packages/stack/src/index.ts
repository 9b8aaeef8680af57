// @omega/stack: the whole system, locally. Dev-only; nothing here is deployed.
export type { DocumentChange } from './bridge/collection-bridge.ts';
export { bridgeCollection } from './bridge/collection-bridge.ts';
export { type SkippablePiece, stackEnvSchema } from './env.ts';
export { consoleSink, type LogSink, memorySink, silentSink } from './log.ts';
export type { Piece } from './piece.ts';
export { PortInUseError } from './ports.ts';
export {
  type Stack,
  type StackOptions,
  type StackPorts,
  type StackUrls,
  startStack,
} from './stack.ts';
