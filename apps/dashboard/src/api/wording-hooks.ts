import type { NotificationKind } from '@omega/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './api-context.tsx';
import { unwrap } from './client.ts';

/** Which wording: a template, SMS or WhatsApp, in one language. */
export interface WordingKey {
  kind: NotificationKind;
  channel: 'sms' | 'whatsapp';
  locale: 'fr' | 'en';
}

/** A wording's catalogue text, versions, running experiment and adopted version. */
export function useWording(key: WordingKey) {
  const api = useApi();
  return useQuery({
    queryKey: ['wording', key.kind, key.channel, key.locale],
    queryFn: () =>
      unwrap(api.api.staff.wording[':kind'][':channel'][':locale'].$get({ param: key })),
  });
}

/** An experiment with its per-arm results (refreshed every minute while shown). */
export function useExperiment(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['experiment', id],
    enabled: id !== null,
    queryFn: () =>
      unwrap(api.api.staff.wording.experiments[':id'].$get({ param: { id: id ?? '' } })),
    refetchInterval: 60_000,
  });
}

/** The wording's changes: save a version, refresh an approval, start / stop an experiment, revert. */
export function useWordingActions(key: WordingKey) {
  const api = useApi();
  const qc = useQueryClient();
  const route = api.api.staff.wording[':kind'][':channel'][':locale'];
  const done = () =>
    qc.invalidateQueries({ queryKey: ['wording', key.kind, key.channel, key.locale] });
  return {
    save: useMutation({
      mutationFn: (text: string) => unwrap(route.versions.$post({ param: key, json: { text } })),
      onSuccess: done,
    }),
    refresh: useMutation({
      mutationFn: (version: number) =>
        unwrap(
          route.versions[':version'].refresh.$post({
            param: { ...key, version: String(version) },
          }),
        ),
      onSuccess: done,
    }),
    start: useMutation({
      mutationFn: (input: { version: number; variantPercent: number }) =>
        unwrap(route.experiment.$post({ param: key, json: input })),
      onSuccess: done,
    }),
    stop: useMutation({
      mutationFn: (keep: 'control' | 'variant') =>
        unwrap(route.experiment.stop.$post({ param: key, json: { keep } })),
      onSuccess: done,
    }),
    revert: useMutation({
      mutationFn: () => unwrap(route.revert.$post({ param: key })),
      onSuccess: done,
    }),
  };
}
