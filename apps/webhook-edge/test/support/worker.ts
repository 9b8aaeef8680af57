// Calls the worker's own fetch handler inside workerd with the test bindings, optionally
// replacing some (e.g. the queue) — the same module instance wrangler would deploy.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Bindings } from '../../src/env.ts';
import worker from '../../src/index.ts';

/** The test bindings with some replaced. */
export function bindings(overrides: Partial<Record<keyof Bindings, unknown>> = {}): Bindings {
  return { ...env, ...overrides } as Bindings;
}

/** Sends a request to the worker with the given bindings. */
export async function callWorker(request: Request, withBindings: Bindings): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, withBindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
