import type { LogSink } from './log.ts';

/** One running piece of the stack, as the summary table shows it. */
export interface Piece {
  /** Short name, also the log prefix ("firestore", "worker"). */
  name: string;
  /** Where to reach it (a page, an API origin, or `host:port` for gRPC). */
  url: string;
  /** What it is for / what to open, one short phrase. */
  open: string;
  /** Ends it (idempotent). */
  stop(): Promise<void>;
}

/** What every piece's `start` receives. */
export interface PieceContext {
  /** Interface to listen on. */
  host: string;
  sink: LogSink;
  /** A per-run scratch folder (generated configs, local state). */
  stateDir: string;
}

/** `http://host:port` with IPv6 literals bracketed. */
export function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
