import type { ConsentChannel, Locale } from '@omega/templates';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { ConsentApiError, ConsentApiOptions } from './api-client.ts';
import { type ConsentValues, initialConsent, type RecordedConsent } from './channels.ts';
import type { ConsentChange } from './consent-changes.ts';
import { createConsentRecorder } from './consent-recorder.ts';
import { loadPreferences } from './load-preferences.ts';
import { errorMessage, MESSAGES } from './messages.ts';
import { NotificationOptIn } from './notification-opt-in.tsx';

/** Props of {@link NotificationPreferencesForm}. */
export interface NotificationPreferencesFormProps extends ConsentApiOptions {
  locale?: Locale;
  /** The channels to show (default all four). */
  channels?: readonly ConsentChannel[];
  legend?: ReactNode;
  intro?: ReactNode | null;
  className?: string;
  /**
   * After a save the server accepted: how many records it appended, whether a STOP at Twilio
   * still blocks messages to the number, and the saved state.
   */
  onSaved?: (saved: { records: number; twilioOptOut: boolean; value: ConsentValues }) => void;
  /** After a failed load or save (for the host's logs). */
  onError?: (error: ConsentApiError) => void;
}

type Load =
  | { state: 'loading' }
  | { state: 'failed'; error: ConsentApiError }
  | { state: 'ready'; recorded: RecordedConsent };

type Save =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; twilioOptOut: boolean }
  | { state: 'unchanged' }
  | { state: 'failed'; error: ConsentApiError };

/**
 * The profile page's notification settings, self-contained: loads the customer's current
 * choices (`loadPreferences`), shows them in {@link NotificationOptIn}, and records what the
 * customer changed with its own save button (`createConsentRecorder`, source `web`), with
 * loading, saving, saved and error states announced to screen readers. It renders its own
 * `<form>`: place it outside the host's profile form.
 */
export function NotificationPreferencesForm({
  apiOrigin,
  getIdToken,
  fetch,
  timeoutMs,
  locale = 'fr',
  channels,
  legend,
  intro,
  className,
  onSaved,
  onError,
}: NotificationPreferencesFormProps) {
  const m = MESSAGES[locale];
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [value, setValue] = useState<ConsentValues>(() => initialConsent());
  const [changes, setChanges] = useState<ConsentChange[]>([]);
  const [attempt, setAttempt] = useState(0);
  // The latest props, read by the handlers without restarting the load on every render.
  const api = useRef({ apiOrigin, getIdToken, fetch, timeoutMs, onSaved, onError });
  api.current = { apiOrigin, getIdToken, fetch, timeoutMs, onSaved, onError };
  const saving = useRef(false);

  const options = useCallback((): ConsentApiOptions => {
    const { apiOrigin, getIdToken, fetch, timeoutMs } = api.current;
    return {
      apiOrigin,
      getIdToken,
      ...(fetch ? { fetch } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
  }, []);

  // `attempt` changes on "Try again": it restarts the load.
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    loadPreferences(options()).then((result) => {
      if (!live) return;
      if (!result.ok) {
        setLoad({ state: 'failed', error: result.error });
        api.current.onError?.(result.error);
        return;
      }
      setValue(initialConsent(result.preferences));
      setChanges([]);
      setLoad({ state: 'ready', recorded: result.preferences });
    });
    return () => {
      live = false;
    };
  }, [options, attempt]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (load.state !== 'ready' || saving.current) return;
    if (changes.length === 0) {
      setSave({ state: 'unchanged' });
      return;
    }
    saving.current = true;
    setSave({ state: 'saving' });
    const result = await createConsentRecorder(options())(changes, { source: 'web' });
    saving.current = false;
    if (!result.ok) {
      setSave({ state: 'failed', error: result.error });
      api.current.onError?.(result.error);
      return;
    }
    const saved = { ...load.recorded };
    for (const change of changes) saved[change.channel] = change.granted;
    setLoad({ state: 'ready', recorded: saved });
    setChanges([]);
    setSave({ state: 'saved', twilioOptOut: result.twilioOptOut });
    api.current.onSaved?.({ records: result.records, twilioOptOut: result.twilioOptOut, value });
  }

  const root = className ? `omega-consent-form ${className}` : 'omega-consent-form';

  if (load.state === 'loading') {
    return (
      <div className={root} lang={locale}>
        <p className="omega-consent-form__status" role="status">
          {m.loading}
        </p>
      </div>
    );
  }

  if (load.state === 'failed') {
    return (
      <div className={root} lang={locale}>
        <p className="omega-consent-form__error" role="alert">
          {m.loadFailed} {errorMessage(load.error, locale)}
        </p>
        <button
          type="button"
          className="omega-consent-form__button"
          onClick={() => setAttempt((n) => n + 1)}
        >
          {m.retry}
        </button>
      </div>
    );
  }

  const busy = save.state === 'saving';
  return (
    <form className={root} lang={locale} onSubmit={submit} aria-busy={busy} noValidate>
      <NotificationOptIn
        locale={locale}
        recorded={load.recorded}
        value={value}
        disabled={busy}
        onChange={(next, nextChanges) => {
          setValue(next);
          setChanges(nextChanges);
          setSave({ state: 'idle' });
        }}
        {...(channels ? { channels } : {})}
        {...(legend === undefined ? {} : { legend })}
        {...(intro === undefined ? {} : { intro })}
      />
      <div className="omega-consent-form__actions">
        <button type="submit" className="omega-consent-form__button" disabled={busy}>
          {busy ? m.saving : m.save}
        </button>
        <div className="omega-consent-form__status" role="status">
          {save.state === 'saved' ? <p>{m.saved}</p> : null}
          {save.state === 'saved' && save.twilioOptOut ? (
            <p className="omega-consent-form__notice">{m.stillStopped}</p>
          ) : null}
          {save.state === 'unchanged' ? <p>{m.nothingToSave}</p> : null}
        </div>
      </div>
      {save.state === 'failed' ? (
        <p className="omega-consent-form__error" role="alert">
          {errorMessage(save.error, locale)}
        </p>
      ) : null}
    </form>
  );
}
