import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './api-context.tsx';
import { unwrap, withIdempotencyKey } from './client.ts';
import { POLL_MS, useSend } from './hooks.ts';

/** What a photo shows. */
export type PhotoLabel = 'before' | 'after' | 'diagnosis';

/** A ticket's photos (with view links valid 15 minutes); `null` = not needed. */
export function useTicketPhotos(ticketId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['ticket-photos', ticketId],
    queryFn: () =>
      unwrap(
        api.api.staff.tickets[':ticketId'].photos.$get({ param: { ticketId: ticketId as string } }),
      ),
    enabled: !!ticketId,
    // The view links last 15 minutes: refreshed well before.
    refetchInterval: 5 * 60_000,
  });
}

/**
 * Uploads one photo (the file as the body, its label; one idempotency key per click, reused by
 * the automatic retries: a retried upload stores once).
 */
export function useUploadPhoto(ticketId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useSend(
    (input: { file: Blob; label: PhotoLabel }, key: string) =>
      unwrap(
        api.api.staff.tickets[':ticketId'].photos.$post(
          { param: { ticketId }, query: { label: input.label } },
          {
            headers: {
              ...withIdempotencyKey(key).headers,
              'content-type': input.file.type || 'application/octet-stream',
            },
            init: { body: input.file },
          },
        ),
      ),
    () => void qc.invalidateQueries({ queryKey: ['ticket-photos', ticketId] }),
  );
}

/** Relabels a photo, or chooses it (or not) for the ticket's next WhatsApp message. */
export function useUpdatePhoto(ticketId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { photoId: string; label?: PhotoLabel; send?: boolean }) =>
      unwrap(
        api.api.staff.tickets[':ticketId'].photos[':photoId'].$post({
          param: { ticketId, photoId: input.photoId },
          json: {
            ...(input.label ? { label: input.label } : {}),
            ...(input.send !== undefined ? { send: input.send } : {}),
          },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['ticket-photos', ticketId] }),
  });
}

/** Deletes a photo (the stored image with it). */
export function useDeletePhoto(ticketId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (photoId: string) =>
      unwrap(
        api.api.staff.tickets[':ticketId'].photos[':photoId'].delete.$post({
          param: { ticketId, photoId },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['ticket-photos', ticketId] }),
  });
}

/** A conversation's customer photos by message SID (one request for the whole thread). */
export function useConversationMedia(e164: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['conversation-media', e164],
    queryFn: () => unwrap(api.api.staff.conversations[':e164'].media.$get({ param: { e164 } })),
    refetchInterval: POLL_MS.thread,
  });
}
