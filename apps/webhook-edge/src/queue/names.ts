// The queues of wrangler.jsonc and the dead-letter consumer's limits, shared by the consumers
// and the configuration test (no Workers types here: the Node-side tests read it too).

/** The events queue: the webhook routes produce into it, `consumer.ts` forwards from it. */
export const EVENTS_QUEUE_NAME = 'omega-twilio-events';
/** Its dead-letter queue, consumed by `dead-letters.ts`. */
export const DEAD_LETTER_QUEUE = 'omega-twilio-events-dlq';
/** `max_retries` of the dead-letter consumer in wrangler.jsonc (Cloudflare's maximum). */
export const DEAD_LETTER_MAX_RETRIES = 100;
/** From this many failed replays on (about 5 h of them, 8 h after the webhook), each is an error. */
export const DEAD_LETTER_ALERT_AFTER = 6;
