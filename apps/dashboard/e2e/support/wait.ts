import { until as untilStack } from '@omega/stack';

/** The stack's poll with the browser suites' patience (90 s, every 250 ms). */
export function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  return untilStack(what, probe, timeoutMs, 250);
}
