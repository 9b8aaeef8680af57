import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** A 405 naming the methods a path accepts, for every other method. */
export function methodNotAllowed(allowed: readonly string[]): Handler<AppEnv> {
  const allow = allowed.join(', ');
  return (c) => c.text('Method not allowed', 405, { Allow: allow });
}
