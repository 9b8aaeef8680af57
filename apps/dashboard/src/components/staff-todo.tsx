import { Link } from 'react-router';
import { useMarkHandled, useStaffTodo } from '../api/action-hooks.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorState, QueryView } from './states.tsx';

type TodoItem = NonNullable<ReturnType<typeof useStaffTodo>['data']>['items'][number];

/** The numbers of the conversations that have an open task (the inbox marks them). */
export function useConversationsWithTask(): Set<string> {
  const todo = useStaffTodo();
  return new Set(
    (todo.data?.items ?? []).map((i) => i.conversation).filter((e): e is string => !!e),
  );
}

function TodoRow({ item, onOpen }: { item: TodoItem; onOpen: (e164: string) => void }) {
  const { t, locale, tMaybe } = useI18n();
  const handled = useMarkHandled(item.id);
  const action = tMaybe(`action.${item.action}`, item.action);
  const customer = item.customer?.name ?? t('todo.unknownCustomer');
  return (
    <li className={item.action === 'call_me' ? 'todo callback' : 'todo'}>
      <strong>{action}</strong> ·{' '}
      {item.customer ? (
        <Link to={`/customers/${item.customer.kind}/${encodeURIComponent(item.customer.id)}`}>
          {customer}
        </Link>
      ) : (
        customer
      )}{' '}
      ·{' '}
      {item.ticket ? (
        <>
          {item.ticket.device} · <code>{item.ticket.trackingCode}</code>
        </>
      ) : (
        <span className="muted">{t('todo.noTicket')}</span>
      )}{' '}
      · <time dateTime={item.at ?? undefined}>{formatDateTime(item.at, locale)}</time>
      {item.outcome === 'refused' && item.reasonText && <p className="why">{item.reasonText}</p>}
      <div className="actions">
        {item.conversation && (
          <button
            type="button"
            className="secondary"
            onClick={() => onOpen(item.conversation as string)}
          >
            {t('todo.openConversation')}
          </button>
        )}
        <button
          type="button"
          // The visible word first, then which task (label-in-name); while saving, what it does.
          aria-label={handled.isPending ? undefined : t('todo.doneLabel', { action, customer })}
          disabled={handled.isPending}
          onClick={() => handled.mutate()}
        >
          {handled.isPending ? t('todo.saving') : t('todo.done')}
        </button>
      </div>
      {handled.error && <ErrorState error={handled.error} />}
    </li>
  );
}

/**
 * "À traiter" on top of the inbox: the customers' requests waiting for staff (callbacks first,
 * then oldest first), each with the customer, the ticket, its conversation and a "Traité" button.
 */
export function StaffTodo({ onOpen }: { onOpen: (e164: string) => void }) {
  const { t } = useI18n();
  const todo = useStaffTodo();
  return (
    <section className="staff-todo" aria-labelledby="staff-todo-title">
      <h2 id="staff-todo-title">{t('todo.title')}</h2>
      <p className="muted small">{t('todo.help')}</p>
      <QueryView query={todo} isEmpty={(d) => d.items.length === 0} empty={t('todo.empty')}>
        {(d) => (
          <>
            <ul className="todo-list">
              {d.items.map((item) => (
                <TodoRow key={item.id} item={item} onOpen={onOpen} />
              ))}
            </ul>
            {d.more && <p className="muted">{t('todo.more')}</p>}
          </>
        )}
      </QueryView>
    </section>
  );
}
