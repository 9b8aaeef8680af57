import { ApiError } from '../../http/index.ts';
import type { DirectSendFailure } from '../../pipeline/send/direct-send.ts';
import { idempotencyKeyReused, requestInProgress } from '../idempotency.ts';

/**
 * The API's answer to a direct send that did not leave, in words staff can act on: the send
 * gate's refusal (409: a STOP the customer must lift with START, a channel switched off), a
 * channel with no sender (503), the WhatsApp window closed (409), the provider's refusal (502),
 * or a transient error the queue retries (503); an idempotency key reused for another request
 * or whose first request is still sending (409).
 */
export function directSendError(failure: DirectSendFailure): ApiError {
  if (failure.reason === 'conflict') return idempotencyKeyReused();
  if (failure.reason === 'in_progress') return requestInProgress();
  if (failure.reason === 'retrying') {
    return new ApiError(
      503,
      'will_retry',
      'Twilio n’a pas pu prendre le message pour l’instant : il sera renvoyé automatiquement.',
    );
  }
  if (failure.reason === 'blocked') {
    if (failure.code === 'suppressed') {
      return new ApiError(
        409,
        'suppressed',
        'Ce client a demandé à ne plus recevoir de messages sur ce canal (STOP) : rien n’a été envoyé. Il peut le rétablir en envoyant START.',
      );
    }
    return new ApiError(409, failure.code, `Message non envoyé : ${failure.message}`);
  }
  if (failure.code === 'channel_not_configured') {
    return new ApiError(503, 'channel_unavailable', 'Ce canal n’est pas configuré.');
  }
  if (failure.code === 'window_closed') {
    return new ApiError(
      409,
      'window_closed',
      'La fenêtre WhatsApp de 24 h est fermée : choisissez un modèle approuvé.',
    );
  }
  return new ApiError(
    502,
    'provider_refused',
    `Envoi refusé (${failure.code}) : ${failure.message}`,
  );
}
