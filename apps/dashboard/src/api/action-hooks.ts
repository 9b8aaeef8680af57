import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './api-context.tsx';
import { unwrap } from './client.ts';
import { POLL_MS } from './hooks.ts';

/** A ticket's customer actions (the log, newest first) and its decisions; `null` = not needed. */
export function useTicketActions(ticketId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['ticket-actions', ticketId],
    queryFn: () =>
      unwrap(
        api.api.staff.tickets[':ticketId'].actions.$get({
          param: { ticketId: ticketId as string },
        }),
      ),
    enabled: !!ticketId,
    refetchInterval: POLL_MS.customer,
  });
}

/** "À traiter": the open staff tasks, callbacks first (polled with the inbox). */
export function useStaffTodo() {
  const api = useApi();
  return useQuery({
    queryKey: ['staff-todo'],
    queryFn: () => unwrap(api.api.staff.actions.todo.$get()),
    refetchInterval: POLL_MS.conversations,
  });
}

/** Marks one task handled (idempotent on the server: a second click changes nothing). */
export function useMarkHandled(actionId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.api.staff.actions[':actionId'].handled.$post({ param: { actionId } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['staff-todo'] });
      void qc.invalidateQueries({ queryKey: ['ticket-actions'] });
    },
  });
}
