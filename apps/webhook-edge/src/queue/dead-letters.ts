import type { ForwardedEvent } from '@omega/forwarding';
import { type Bindings, readEnv } from '../env.ts';
import { logDeadLetterRetry, logDeadLettersReplayed } from '../logs.ts';
import { deadLetterDelaySeconds } from './backoff.ts';
import type { ConsumerDeps } from './consumer.ts';
import { forwardEvent } from './forward.ts';
import { DEAD_LETTER_ALERT_AFTER, DEAD_LETTER_MAX_RETRIES } from './names.ts';

/**
 * The `queue()` handler of the dead-letter queue: the events the main consumer gave up on (10
 * failed deliveries over about 3 h — ingestion down, its secret missing, a wrong `INGEST_URL`)
 * are offered to ingestion again, signed as before, with a long backoff: 10 min doubling up to
 * 3 h (`DEAD_LETTER_RETRY_SECONDS` sets the first delay). A 2xx acks one (ingestion deduplicates
 * by event id, so a replay of an event it already has changes nothing); anything else retries
 * it. Nothing is dropped here: after `DEAD_LETTER_ALERT_AFTER` failed replays every failure is
 * logged as an error (`dead_letter_stuck`), the last one as `dead_letter_last_try`; what ends a
 * dead letter's life is the queue's retention (14 days, set at deploy) or the 100th retry.
 */
export async function replayDeadLetters(
  batch: MessageBatch<ForwardedEvent>,
  bindings: Bindings,
  deps: ConsumerDeps,
): Promise<void> {
  const config = readEnv(bindings);
  const replayed: string[] = [];
  await Promise.all(
    batch.messages.map(async (message) => {
      const outcome = await forwardEvent(message.body, {
        url: config.INGEST_URL,
        secret: config.INGEST_SECRET,
        fetch: deps.fetch,
        now: deps.now,
      });
      if (outcome.ok) {
        message.ack();
        replayed.push(message.body.id);
        return;
      }
      const delaySeconds = deadLetterDelaySeconds(
        message.attempts,
        config.DEAD_LETTER_RETRY_SECONDS,
      );
      message.retry({ delaySeconds });
      const severity =
        message.attempts > DEAD_LETTER_MAX_RETRIES
          ? 'last_try'
          : message.attempts >= DEAD_LETTER_ALERT_AFTER
            ? 'stuck'
            : 'waiting';
      logDeadLetterRetry(
        message.body.id,
        message.attempts,
        delaySeconds,
        outcome.error.message,
        [config.INGEST_SECRET],
        severity,
      );
    }),
  );
  if (replayed.length > 0) logDeadLettersReplayed(replayed);
}
