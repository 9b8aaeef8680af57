import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env.ts';
import { WorkerEnvError } from './env.ts';
import { logEnvInvalid, logUnexpectedError } from './logs.ts';

function secretsOf(c: Context<AppEnv>): string[] {
  const env = c.env as Partial<AppEnv['Bindings']> | undefined;
  return [env?.TWILIO_AUTH_TOKEN ?? '', env?.INGEST_SECRET ?? ''];
}

/**
 * The worker's single error handler. Client mistakes arrive here as `HTTPException`s with a
 * 4xx status; a 500 only means a deploy mistake (invalid bindings) or a bug.
 */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof WorkerEnvError) {
    logEnvInvalid(error.issues);
    return c.text('Server misconfigured', 500);
  }
  logUnexpectedError(error, secretsOf(c));
  return c.text('Internal error', 500);
};

/** Unknown paths. */
export const notFound: NotFoundHandler<AppEnv> = (c) => c.text('Not found', 404);

/** A 4xx with a plain-text reason, thrown from middleware and handlers. */
export function clientError(status: 400 | 403 | 413, message: string): HTTPException {
  return new HTTPException(status, {
    res: new Response(message, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    }),
  });
}
