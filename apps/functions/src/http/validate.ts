import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors.ts';

/**
 * zod validation of one part of the request (`json`, `query`, `param`), typed for Hono's
 * client. Invalid input is a 400 `invalid_request` listing every problem with its path.
 */
export function valid<T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || target,
        message: i.message,
      }));
      throw new ApiError(
        400,
        'invalid_request',
        `Requête invalide : ${issues.map((i) => `${i.path} — ${i.message}`).join(' ; ')}`,
        issues,
      );
    }
  });
}
