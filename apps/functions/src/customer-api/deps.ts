import type { Firestore } from 'firebase-admin/firestore';
import type { TokenVerifier } from '../http/index.ts';
import type { MediaDeps } from '../media/deps.ts';
import type { SettingsSource } from '../settings/settings-source.ts';
import type { RateRule } from './rate-limit.ts';

/** The limits of the customer routes, per function instance. */
export interface CustomerRateLimits {
  /** Page views and JSON reads per IP. */
  readsPerIp: RateRule;
  /** Links that open nothing, per IP (stops id enumeration long before it could succeed). */
  refusalsPerIp: RateRule;
  /** Consent changes per IP. */
  writesPerIp: RateRule;
  /** Consent changes per link or per signed-in customer. */
  writesPerOwner: RateRule;
}

/** Defaults: generous for a person, tight for a script. */
export const DEFAULT_CUSTOMER_RATE_LIMITS: CustomerRateLimits = {
  readsPerIp: { limit: 120, windowMs: 60_000 },
  refusalsPerIp: { limit: 20, windowMs: 10 * 60_000 },
  writesPerIp: { limit: 30, windowMs: 10 * 60_000 },
  writesPerOwner: { limit: 20, windowMs: 10 * 60_000 },
};

/** Everything the customer routes talk to (see `customerApiDepsFromPipeline`). */
export interface CustomerApiDeps {
  db: Firestore;
  clock: () => Date;
  settings: SettingsSource;
  /** Verifies a signed-in customer's Firebase ID token (the `/me` routes). */
  verifier: TokenVerifier;
  /** Keys the IP hash recorded with web consent (the short-link secret). */
  ipHashSecret: string;
  /** The customer web app (registration links, CORS). */
  appPublicUrl: string;
  /** More origins allowed to call the JSON routes from a browser (the dashboard's example). */
  corsOrigins: readonly string[];
  limits?: Partial<CustomerRateLimits>;
  /**
   * Right-most `X-Forwarded-For` entries appended by trusted proxies after the client's address
   * (default 1: Google's front end in front of Cloud Functions / Cloud Run; `client-ip.ts`).
   */
  trustedProxyHops?: number;
  /** Photos: the `/m/<token>` links and the landing page's photo block (absent: neither). */
  media?: MediaDeps | undefined;
}
