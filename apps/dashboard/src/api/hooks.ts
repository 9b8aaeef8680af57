import type { Channel, MessagingChannel } from '@omega/core';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { useApi } from './api-context.tsx';
import {
  newIdempotencyKey,
  SEND_RETRY,
  shouldRetrySend,
  unwrap,
  withIdempotencyKey,
} from './client.ts';

/** How often statuses are polled while a page is open. */
export const POLL_MS = {
  history: 10_000,
  conversations: 8_000,
  thread: 5_000,
  customer: 15_000,
} as const;

export type CustomerKind = 'profile' | 'client';
export type { Channel };

/**
 * A mutation that sends a message: `send(input)` is one click — it takes a new idempotency key,
 * which the automatic retries of that click reuse (the API answers a retry with what the first
 * request did, never a second message); a new click gets a new key. A click while one is in
 * flight is ignored (a double click sends once, even before the button re-renders disabled).
 */
export function useSend<I, R>(
  request: (input: I, key: string) => Promise<R>,
  onSuccess?: (data: R) => void,
) {
  const inFlight = useRef(false);
  const mutation = useMutation({
    mutationFn: ({ input, key }: { input: I; key: string }) => request(input, key),
    retry: shouldRetrySend,
    retryDelay: (failures) => SEND_RETRY.firstDelayMs * 2 ** failures,
    onSuccess: (data) => onSuccess?.(data),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const { mutate } = mutation;
  const send = useCallback(
    (input: I, options?: { onSuccess?: (data: R) => void }) => {
      if (inFlight.current) return;
      inFlight.current = true;
      mutate(
        { input, key: newIdempotencyKey() },
        options?.onSuccess ? { onSuccess: options.onSuccess } : undefined,
      );
    },
    [mutate],
  );
  return { ...mutation, send };
}

export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: ['me'],
    queryFn: () => unwrap(api.api.staff.me.$get()),
    staleTime: 60_000,
  });
}

export function useCustomerSearch(q: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['customers', q],
    queryFn: () => unwrap(api.api.staff.customers.$get({ query: { q } })),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(kind: CustomerKind, id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['customer', kind, id],
    queryFn: () => unwrap(api.api.staff.customers[':kind'][':id'].$get({ param: { kind, id } })),
    refetchInterval: POLL_MS.customer,
  });
}

export function useConsentChange(kind: CustomerKind, id: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      changes: Array<{ channel: Channel; granted: boolean }>;
      source: 'staff' | 'counter';
      wordingVersion: string;
    }) =>
      unwrap(
        api.api.staff.customers[':kind'][':id'].consent.$post({ param: { kind, id }, json: body }),
      ),
    onSuccess: (data) => {
      qc.setQueryData(['customer', kind, id], data.detail);
    },
  });
}

export function useClearPhoneStatus(kind: CustomerKind, id: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e164: string) =>
      unwrap(
        api.api.staff.customers[':kind'][':id']['phone-status'].clear.$post({
          param: { kind, id },
          json: { e164 },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['customer', kind, id] }),
  });
}

export function useErase(kind: CustomerKind, id: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.api.staff.customers[':kind'][':id'].erase.$post({
          param: { kind, id },
          json: { confirm: 'EFFACER' },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['customer', kind, id] }),
  });
}

/** Filters of the Messages page (all optional). */
export interface HistoryFilters {
  channel?: Channel | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  ticketId?: string | undefined;
}

function clean<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined | ''> } {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== ''),
  ) as never;
}

export function useHistory(filters: HistoryFilters) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['history', filters],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.api.staff.history.$get({
          query: { ...clean(filters), limit: '25', ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: POLL_MS.history,
  });
}

export function useTicketTimeline(ticketId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['timeline', ticketId],
    queryFn: () =>
      unwrap(
        api.api.staff.tickets[':ticketId'].timeline.$get({
          param: { ticketId: ticketId as string },
        }),
      ),
    enabled: !!ticketId,
    refetchInterval: POLL_MS.thread,
  });
}

export function useStaffAction(ticketId: string) {
  const api = useApi();
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['timeline', ticketId] });
    void qc.invalidateQueries({ queryKey: ['customer'] });
  };
  return {
    payment: useSend(
      (_: undefined, key: string) =>
        unwrap(
          api.api.staff.tickets[':ticketId']['payment-reminder'].$post(
            { param: { ticketId } },
            withIdempotencyKey(key),
          ),
        ),
      done,
    ),
    urgent: useSend(
      (input: { message: string }, key: string) =>
        unwrap(
          api.api.staff.tickets[':ticketId'].urgent.$post(
            { param: { ticketId }, json: input },
            withIdempotencyKey(key),
          ),
        ),
      done,
    ),
  };
}

/** One channel the customer agreed to at the counter, with the wording version read out. */
export interface CounterConsentItem {
  channel: Channel;
  wordingVersion: string;
}

/**
 * Records consent given at the counter for a ticket's customer (source `counter`, the signed-in
 * staff member as actor, server-side), every agreed channel in one request with the version of
 * the words read for that channel, so each consent record points at the exact text.
 */
export function useCounterConsent(ticketId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: CounterConsentItem[]) =>
      unwrap(
        api.api.staff.tickets[':ticketId']['counter-consent'].$post({
          param: { ticketId },
          json: {
            channels: Object.fromEntries(items.map((i) => [i.channel, true])),
            wordingVersion: Object.fromEntries(items.map((i) => [i.channel, i.wordingVersion])),
          },
        }),
      ),
    onSuccess: (data) => {
      qc.setQueryData(['customer', data.detail.summary.kind, data.detail.summary.id], data.detail);
    },
  });
}

export function useConversations(filter: 'all' | 'unread' | 'escalated') {
  const api = useApi();
  return useQuery({
    queryKey: ['conversations', filter],
    queryFn: () => unwrap(api.api.staff.conversations.$get({ query: { filter } })),
    refetchInterval: POLL_MS.conversations,
  });
}

export function useConversation(e164: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['conversation', e164],
    queryFn: () =>
      unwrap(api.api.staff.conversations[':e164'].$get({ param: { e164: e164 as string } })),
    enabled: !!e164,
    refetchInterval: POLL_MS.thread,
  });
}

export type ReplyInput =
  | { mode: 'free_text'; body: string }
  | {
      mode: 'template';
      kind: 'staff_urgent' | 'reply_help' | 'reply_hours' | 'reply_address';
      staffMessage?: string;
    };

export function useReply(e164: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useSend(
    (input: ReplyInput, key: string) =>
      unwrap(
        api.api.staff.conversations[':e164'].reply.$post(
          { param: { e164 }, json: input },
          withIdempotencyKey(key),
        ),
      ),
    () => {
      void qc.invalidateQueries({ queryKey: ['conversation', e164] });
      void qc.invalidateQueries({ queryKey: ['conversations'] });
    },
  );
}

export function useConversationAction(e164: string, action: 'read' | 'resolve') {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.api.staff.conversations[':e164'][action].$post({ param: { e164 } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['conversations'] }),
  });
}

export function useTemplates() {
  const api = useApi();
  return useQuery({
    queryKey: ['templates'],
    queryFn: () => unwrap(api.api.staff.templates.$get({ query: {} })),
    staleTime: 60_000,
  });
}

export function useAnalytics(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['analytics', from, to],
    queryFn: () => unwrap(api.api.staff.analytics.$get({ query: { from, to } })),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useSettings() {
  const api = useApi();
  return useQuery({ queryKey: ['settings'], queryFn: () => unwrap(api.api.staff.settings.$get()) });
}

export type SettingsView = NonNullable<ReturnType<typeof useSettings>['data']>;

export function useSaveSettings() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Omit<SettingsView, 'issues'>>) =>
      unwrap(api.api.staff.settings.$put({ json: patch as never })),
    onSuccess: (data) => qc.setQueryData(['settings'], data),
  });
}

export function useTestMessage() {
  const api = useApi();
  return useSend(
    (
      input: { channel: MessagingChannel; to: string } | { channel: 'email'; to: string },
      key: string,
    ) =>
      unwrap(
        api.api.staff.settings['test-message'].$post({ json: input }, withIdempotencyKey(key)),
      ),
  );
}

/** The "who can't we reach?" worklist, page by page (`fetchNextPage` reads the next one). */
export function useUnreachable() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['customers', 'unreachable'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.api.staff.customers.unreachable.$get({
          query: { limit: '20', ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      ),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
