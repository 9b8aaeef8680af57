/** What the Firebase CLI reads from a deployed function (`__endpoint`), the part we use. */
interface Endpoint {
  region?: string[];
  httpsTrigger?: Record<string, unknown>;
  scheduleTrigger?: { schedule: string; timeZone?: string | null };
  taskQueueTrigger?: {
    retryConfig?: Record<string, unknown>;
    rateLimits?: { maxConcurrentDispatches?: unknown; maxDispatchesPerSecond?: unknown };
  };
  eventTrigger?: {
    eventType: string;
    eventFilterPathPatterns?: { document?: string };
    eventFilters?: { document?: string };
    retry?: boolean;
  };
}

/** A runnable export of `@omega/functions`. */
export type DiscoveredFunction =
  | { name: string; region: string; kind: 'https'; handler: HttpsHandler }
  | {
      name: string;
      region: string;
      kind: 'schedule';
      schedule: string;
      timeZone: string;
      run: RunFn;
    }
  | {
      name: string;
      region: string;
      kind: 'task';
      retryConfig: RetryConfigLike;
      rateLimits: RateLimitsLike;
      run: RunFn;
    }
  | {
      name: string;
      region: string;
      kind: 'firestore';
      event: 'created' | 'updated' | 'deleted' | 'written';
      /** Collection id (single-level pattern `collection/{param}`). */
      collection: string;
      /** Name of the path parameter (`ticketId`). */
      param: string;
      retry: boolean;
      run: RunFn;
    }
  | { name: string; region: string; kind: 'unsupported'; why: string };

// biome-ignore lint/suspicious/noExplicitAny: handlers take the provider's own event types.
type RunFn = (event: any) => Promise<unknown> | unknown;
// biome-ignore lint/suspicious/noExplicitAny: Express-compatible (req, res) handler.
export type HttpsHandler = (req: any, res: any) => unknown;

/** Cloud Tasks retry settings as declared on the function. */
export interface RetryConfigLike {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings: number;
}

/** Cloud Tasks rate limits as declared on the function (Cloud Tasks' defaults filled in). */
export interface RateLimitsLike {
  maxConcurrentDispatches: number;
  maxDispatchesPerSecond: number;
}

/**
 * Cloud Tasks' defaults for a queue whose function declares no rate limits (the Firebase CLI
 * then resets them): 1,000 concurrent dispatches, 500 per second.
 */
export const CLOUD_TASKS_DEFAULT_RATE_LIMITS: RateLimitsLike = {
  maxConcurrentDispatches: 1000,
  maxDispatchesPerSecond: 500,
};

/**
 * A declared number; firebase-functions writes `null` (its reset value) for an unset field, or
 * a parameter expression, which has no value before deploy.
 */
const declared = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const FIRESTORE_EVENTS: Record<string, 'created' | 'updated' | 'deleted' | 'written'> = {
  'google.cloud.firestore.document.v1.created': 'created',
  'google.cloud.firestore.document.v1.updated': 'updated',
  'google.cloud.firestore.document.v1.deleted': 'deleted',
  'google.cloud.firestore.document.v1.written': 'written',
};

/**
 * Reads every deployed function of a functions module from the declaration the Firebase CLI
 * deploys (`__endpoint`): HTTPS functions, schedules with their cron and time zone, task
 * queues with their `retryConfig` and `rateLimits`, and Firestore triggers with their document pattern. The
 * local stack runs each one the way its production trigger would, so a function added to
 * `apps/functions/src/index.ts` runs locally with no change here.
 */
export function discoverFunctions(mod: Record<string, unknown>): DiscoveredFunction[] {
  const out: DiscoveredFunction[] = [];
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value !== 'function') continue;
    const fn = value as RunFn & { __endpoint?: Endpoint; run?: RunFn };
    const endpoint = fn.__endpoint;
    if (!endpoint) continue;
    const region = endpoint.region?.[0] ?? 'us-central1';
    if (endpoint.httpsTrigger) {
      out.push({ name, region, kind: 'https', handler: fn as HttpsHandler });
    } else if (endpoint.scheduleTrigger && fn.run) {
      out.push({
        name,
        region,
        kind: 'schedule',
        schedule: endpoint.scheduleTrigger.schedule,
        timeZone: endpoint.scheduleTrigger.timeZone ?? 'UTC',
        run: fn.run,
      });
    } else if (endpoint.taskQueueTrigger && fn.run) {
      const rc = endpoint.taskQueueTrigger.retryConfig ?? {};
      const rl = endpoint.taskQueueTrigger.rateLimits ?? {};
      const defaults = CLOUD_TASKS_DEFAULT_RATE_LIMITS;
      out.push({
        name,
        region,
        kind: 'task',
        // Cloud Tasks' defaults where the function declares nothing.
        retryConfig: {
          maxAttempts: declared(rc.maxAttempts) ?? 3,
          minBackoffSeconds: declared(rc.minBackoffSeconds) ?? 0.1,
          maxBackoffSeconds: declared(rc.maxBackoffSeconds) ?? 3600,
          maxDoublings: declared(rc.maxDoublings) ?? 16,
        },
        rateLimits: {
          maxConcurrentDispatches:
            declared(rl.maxConcurrentDispatches) ?? defaults.maxConcurrentDispatches,
          maxDispatchesPerSecond:
            declared(rl.maxDispatchesPerSecond) ?? defaults.maxDispatchesPerSecond,
        },
        run: fn.run,
      });
    } else if (endpoint.eventTrigger && fn.run) {
      const trigger = endpoint.eventTrigger;
      const event = FIRESTORE_EVENTS[trigger.eventType];
      const pattern =
        trigger.eventFilterPathPatterns?.document ?? trigger.eventFilters?.document ?? '';
      const match = /^([^/{}]+)\/\{([^/{}]+)\}$/.exec(pattern);
      if (!event) {
        out.push({ name, region, kind: 'unsupported', why: `event ${trigger.eventType}` });
      } else if (!match?.[1] || !match[2]) {
        out.push({ name, region, kind: 'unsupported', why: `document pattern ${pattern}` });
      } else {
        out.push({
          name,
          region,
          kind: 'firestore',
          event,
          collection: match[1],
          param: match[2],
          retry: trigger.retry === true,
          run: fn.run,
        });
      }
    } else {
      out.push({ name, region, kind: 'unsupported', why: 'unknown trigger' });
    }
  }
  return out;
}
