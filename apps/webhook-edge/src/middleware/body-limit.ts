import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.ts';
import { readEnv } from '../env.ts';
import { clientError } from '../errors.ts';

/** Answers 413 before a body larger than `MAX_BODY_BYTES` is read (declared or streamed). */
export const webhookBodyLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: readEnv(c.env).MAX_BODY_BYTES,
    onError: () => {
      throw clientError(413, 'Payload too large');
    },
  })(c, next);
