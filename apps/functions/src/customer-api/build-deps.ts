import type { Auth } from 'firebase-admin/auth';
import { firebaseTokenVerifier, type TokenVerifier } from '../http/index.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import type { CustomerApiDeps, CustomerRateLimits } from './deps.ts';

/** Options of {@link customerApiDepsFromPipeline}. */
export interface CustomerApiDepsOptions {
  /** Firebase Auth (customers' ID tokens), or a ready verifier. */
  auth: Auth | TokenVerifier;
  /** The customer web app (`APP_PUBLIC_URL`). */
  appPublicUrl: string;
  corsOrigins?: readonly string[];
  limits?: Partial<CustomerRateLimits>;
  /** See {@link CustomerApiDeps.trustedProxyHops}. */
  trustedProxyHops?: number;
}

/**
 * The customer API's dependencies from the pipeline's (same Firestore, clock and settings; the
 * short-link secret keys the IP hash). The deployed function and the local stack build it so.
 */
export function customerApiDepsFromPipeline(
  pipeline: PipelineDeps,
  options: CustomerApiDepsOptions,
): CustomerApiDeps {
  return {
    db: pipeline.db,
    clock: pipeline.clock,
    settings: pipeline.settings,
    verifier: 'verify' in options.auth ? options.auth : firebaseTokenVerifier(options.auth),
    ipHashSecret: pipeline.config.shortLinkSecret,
    appPublicUrl: options.appPublicUrl,
    corsOrigins: options.corsOrigins ?? [],
    ...(options.limits ? { limits: options.limits } : {}),
    media: pipeline.media,
    ...(options.trustedProxyHops !== undefined
      ? { trustedProxyHops: options.trustedProxyHops }
      : {}),
  };
}
