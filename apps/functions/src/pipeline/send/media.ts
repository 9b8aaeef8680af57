import { pendingPhoto } from '../../media/photos.ts';
import { mediaUrl } from '../../media/signed-url.ts';
import { isTicketNotification } from './job.ts';
import type { Built, RenderContext } from './render.ts';

/** How long the media link a WhatsApp message carries works (Twilio fetches it when it sends). */
export const MESSAGE_MEDIA_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The photo staff chose for a ticket goes out with the ticket's next WhatsApp message sent as
 * a session message (inside the 24 h window): `MediaUrl` = a signed link to the customer API's
 * `/m/<token>`, valid {@link MESSAGE_MEDIA_TTL_MS}. The message records which photo it carried
 * (`metadata.media`), and the send's record marks the photo sent in the same batch, so it goes
 * out once. Outside the window (an approved template) and on every other channel nothing is
 * attached: SMS never carries media (France has no MMS through Twilio) — the landing page behind
 * the message's link shows the photo — and the photo waits for the next session message.
 */
export async function withChosenPhoto(context: RenderContext, built: Built): Promise<Built> {
  const { deps, job, now } = context;
  if (!built.ok || !deps.media || !job.ticketId) return built;
  if (!isTicketNotification(job.origin) && job.origin !== 'auto_reply') return built;
  const message = built.message;
  if (message.channel !== 'whatsapp' || message.content.mode !== 'free_text') return built;
  const photo = await pendingPhoto(deps.db, job.ticketId);
  if (!photo) return built;
  const url = mediaUrl(deps.media.publicUrl, deps.media.signingSecret, {
    path: photo.path,
    expiresAt: new Date(now.getTime() + MESSAGE_MEDIA_TTL_MS),
  });
  return {
    ...built,
    message: { ...message, content: { ...message.content, mediaUrl: [url] } },
    media: { ticketId: job.ticketId, photoId: photo.id, label: photo.label },
  };
}
