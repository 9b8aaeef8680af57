import { mediaTemplateVariables } from '@omega/templates';
import { pendingPhoto } from '../../media/photos.ts';
import { mediaToken, mediaUrl } from '../../media/signed-url.ts';
import { isTicketNotification } from './job.ts';
import type { Built, RenderContext } from './render.ts';

/** How long the media link a WhatsApp message carries works (Twilio fetches it when it sends). */
export const MESSAGE_MEDIA_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The photo staff chose for a ticket goes out with the ticket's next WhatsApp message: inside
 * the 24 h window as `MediaUrl` on the session message (a signed link to the customer API's
 * `/m/<token>`, valid {@link MESSAGE_MEDIA_TTL_MS}); outside it through the approved
 * `twilio/media` variant of the message's template (`<name>_media`, the token as its last
 * variable) — when that variant is not approved, nothing is attached and the photo waits. The
 * message records which photo it carried (`metadata.media`), and the send's record marks the
 * photo sent in the same batch, so it goes out once. SMS never carries media (France has no MMS
 * through Twilio): the landing page behind the message's link shows the photo.
 */
export async function withChosenPhoto(context: RenderContext, built: Built): Promise<Built> {
  const { deps, job, now } = context;
  // A location message (the shop's address) carries no photo.
  if (!built.ok || !deps.media || !job.ticketId || job.locationOf) return built;
  if (!isTicketNotification(job.origin) && job.origin !== 'auto_reply') return built;
  const message = built.message;
  if (message.channel !== 'whatsapp') return built;
  const content = message.content;
  let variant: { contentSid: string } | null = null;
  if (content.mode === 'template') {
    // The approved media variant of the template the message goes out as.
    const templates = (await deps.settings.get()).whatsappTemplates;
    const name = Object.entries(templates).find(
      ([, t]) => t?.contentSid === content.contentSid,
    )?.[0];
    const media = name ? templates[`${name}_media`] : undefined;
    if (media?.approval !== 'approved') return built;
    variant = { contentSid: media.contentSid };
  }
  const photo = await pendingPhoto(deps.db, job.ticketId);
  if (!photo) return built;
  const link = {
    path: photo.path,
    expiresAt: new Date(now.getTime() + MESSAGE_MEDIA_TTL_MS),
  };
  const carried = { ticketId: job.ticketId, photoId: photo.id, label: photo.label };
  if (content.mode === 'template' && variant) {
    const token = mediaToken(deps.media.signingSecret, link);
    return {
      ...built,
      message: {
        ...message,
        content: {
          mode: 'template',
          contentSid: variant.contentSid,
          variables: mediaTemplateVariables(job.kind, content.variables, token),
        },
      },
      contentSid: variant.contentSid,
      media: carried,
    };
  }
  if (content.mode !== 'free_text') return built;
  const url = mediaUrl(deps.media.publicUrl, deps.media.signingSecret, link);
  return {
    ...built,
    message: { ...message, content: { ...content, mediaUrl: [url] } },
    media: carried,
  };
}
