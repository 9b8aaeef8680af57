import { useEffect, useState } from 'react';
import {
  type ReplyInput,
  useConversation,
  useConversationAction,
  useConversations,
  useReply,
} from '../api/hooks.ts';
import { MessageMedia } from '../components/conversation-media.tsx';
import { StaffTodo, useConversationsWithTask } from '../components/staff-todo.tsx';
import { ErrorState, QueryView } from '../components/states.tsx';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

type TemplateKind = Extract<ReplyInput, { mode: 'template' }>['kind'];

function ReplyBox({ e164 }: { e164: string }) {
  const { t, locale, tMaybe } = useI18n();
  const thread = useConversation(e164);
  const reply = useReply(e164);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<TemplateKind | ''>('');
  const data = thread.data;
  if (!data) return null;
  const usable = data.templates.filter((x) => x.usable);
  const open = data.window.open;
  // The customer sent STOP to Twilio on this channel: Twilio refuses any reply until START.
  const held = data.providerHeld.some((c) => c === data.conversation.channel);
  return (
    <form
      className="reply"
      onSubmit={(e) => {
        e.preventDefault();
        const input: ReplyInput = open
          ? { mode: 'free_text', body: text }
          : {
              mode: 'template',
              kind: kind as TemplateKind,
              ...(text ? { staffMessage: text } : {}),
            };
        reply.send(input, { onSuccess: () => setText('') });
      }}
    >
      <h3>{t('conversations.reply')}</h3>
      {held && (
        <p className="badge tone-bad" role="alert">
          {t('conversations.providerOptOut', {
            channel: data.conversation.channel === 'sms' ? 'SMS' : 'WhatsApp',
          })}
        </p>
      )}
      <p className={open ? 'badge tone-ok' : 'badge tone-wait'} role="status">
        {open
          ? t('customers.window.open', { time: formatDateTime(data.window.closesAt, locale) })
          : t('customers.window.closed')}
      </p>
      {!open &&
        (usable.length === 0 ? (
          <p className="muted">{t('conversations.template.none')}</p>
        ) : (
          <label>
            {t('conversations.template')}
            <select value={kind} onChange={(e) => setKind(e.target.value as TemplateKind)} required>
              <option value="" />
              {usable.map((x) => (
                <option key={x.kind} value={x.kind}>
                  {tMaybe(`kind.${x.kind}`, x.kind)}
                </option>
              ))}
            </select>
          </label>
        ))}
      {(open || kind === 'staff_urgent') && (
        <label>
          {open ? t('conversations.reply.label') : t('conversations.template.message')}
          <textarea
            rows={3}
            maxLength={1000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
          />
        </label>
      )}
      <button type="submit" disabled={held || reply.isPending || (open ? !text.trim() : !kind)}>
        {t('conversations.reply.send')}
      </button>
      {reply.error && <ErrorState error={reply.error} />}
      {reply.isSuccess && <p role="status">{t('conversations.sent')}</p>}
    </form>
  );
}

function Thread({ e164 }: { e164: string }) {
  const { t, locale } = useI18n();
  const thread = useConversation(e164);
  const read = useConversationAction(e164, 'read');
  const resolve = useConversationAction(e164, 'resolve');
  const unread = thread.data?.conversation.unread ?? 0;
  useEffect(() => {
    if (unread > 0) read.mutate();
  }, [e164, unread > 0]);
  return (
    <QueryView query={thread}>
      {(d) => (
        <div className="thread">
          <div className="page-head">
            <h2>
              {d.conversation.name ?? d.conversation.e164}{' '}
              <span className="muted small">{d.conversation.e164}</span>
            </h2>
            {d.conversation.escalatedAt && (
              <button type="button" className="secondary" onClick={() => resolve.mutate()}>
                {t('conversations.resolve')}
              </button>
            )}
          </div>
          <ol className="bubbles" aria-live="polite">
            {d.messages.map((m) => (
              <li key={m.id} className={m.direction}>
                <span className="sr-only">
                  {m.direction === 'outbound'
                    ? t('conversations.you')
                    : t('conversations.customer')}{' '}
                  :{' '}
                </span>
                {m.body}
                {m.direction === 'inbound' && <MessageMedia e164={e164} messageSid={m.id} />}
                <time className="muted small" dateTime={m.at ?? undefined}>
                  {formatDateTime(m.at, locale)}
                </time>
              </li>
            ))}
          </ol>
          <ReplyBox e164={e164} />
        </div>
      )}
    </QueryView>
  );
}

/** The inbox: escalated first, then unread; a thread with a reply box that follows the WhatsApp window. */
export function ConversationsPage() {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<'all' | 'unread' | 'escalated'>('all');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useConversations(filter);
  const withTask = useConversationsWithTask();
  return (
    <section aria-labelledby="conversations-title">
      <div className="page-head">
        <h1 id="conversations-title">{t('conversations.title')}</h1>
        <fieldset className="segmented">
          <legend className="sr-only">{t('messages.filters')}</legend>
          {(['all', 'unread', 'escalated'] as const).map((f) => (
            <label key={f}>
              <input
                type="radio"
                name="filter"
                value={f}
                checked={filter === f}
                onChange={() => setFilter(f)}
              />{' '}
              {t(`conversations.filter.${f}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <StaffTodo onOpen={setSelected} />
      <div className="inbox">
        <QueryView
          query={list}
          isEmpty={(d) => d.items.length === 0}
          empty={t('conversations.empty')}
        >
          {(d) => (
            <ul className="conversation-list">
              {d.items.map((c) => (
                <li key={c.e164}>
                  <button
                    type="button"
                    aria-current={selected === c.e164}
                    onClick={() => setSelected(c.e164)}
                  >
                    <strong>{c.name ?? c.e164}</strong>
                    {c.escalatedAt && (
                      <span className="badge tone-bad">{t('conversations.escalated')}</span>
                    )}
                    {withTask.has(c.e164) && (
                      <span className="badge tone-wait">{t('todo.marked')}</span>
                    )}
                    {c.unread > 0 && (
                      <span className="badge tone-wait">
                        {t('conversations.unread', { n: c.unread })}
                      </span>
                    )}
                    <span className="muted small">
                      {c.lastMessagePreview} · {formatDateTime(c.lastInboundAt, locale)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
        <div>
          {selected ? (
            <Thread e164={selected} />
          ) : (
            <p className="muted">{t('conversations.select')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
