import {
  type ConsentChange,
  createConsentRecorder,
  errorMessage,
  MESSAGES,
  NotificationOptIn,
  NotificationPreferencesForm,
  type RecordConsentResult,
  useNotificationOptIn,
} from '@omega/consent-ui';
import '@omega/consent-ui/styles.css';
import { type FormEvent, useCallback, useMemo, useRef, useState } from 'react';
import {
  type AuthEndpoints,
  AuthError,
  needsRefresh,
  refreshSession,
  type Session,
  signUpWithPassword,
} from '../auth/auth-client.ts';
import { config } from '../config.ts';
import { type ExampleKey, exampleTranslator } from '../i18n/example.ts';
import { useI18n } from '../i18n/index.tsx';

/** Props of {@link RegistrationExamplePage}; the defaults are the running dashboard's. */
export interface RegistrationExamplePageProps {
  /**
   * Base URL whose `/api/public/**` reaches the `customerApi` function: `VITE_CUSTOMER_API`,
   * else this page's origin (the local stack and Hosting proxy `/api/public` there).
   */
  apiOrigin?: string;
  /** Where the customer's account is created (default: the dashboard's Auth configuration). */
  endpoints?: AuthEndpoints;
  /** Every request the page makes (sign-up, token refresh, customer API); tests pass a fake. */
  fetch?: typeof fetch;
}

type Step =
  | { step: 'form'; accountError: string | null }
  | { step: 'creating' }
  | { step: 'recording'; email: string }
  | { step: 'done'; email: string; result: RecordConsentResult };

function defaultApiOrigin(): string {
  const configured = import.meta.env.VITE_CUSTOMER_API as string | undefined;
  return configured || window.location.origin;
}

const ACCOUNT_ERRORS: Array<[prefix: string, key: ExampleKey]> = [
  ['EMAIL_EXISTS', 'accountError.exists'],
  ['WEAK_PASSWORD', 'accountError.weak'],
  ['INVALID_EMAIL', 'accountError.email'],
  ['MISSING_EMAIL', 'accountError.email'],
  ['TOO_MANY_ATTEMPTS_TRY_LATER', 'accountError.tooMany'],
];

/** The sentence for a failed sign-up (Firebase's codes; anything else is a network failure). */
function accountErrorText(error: unknown, t: ReturnType<typeof exampleTranslator>): string {
  if (!(error instanceof AuthError)) return t('accountError.offline');
  const known = ACCOUNT_ERRORS.find(([prefix]) => error.code.startsWith(prefix));
  return known ? t(known[1]) : t('accountError.other', { code: error.code });
}

/**
 * Public page (no staff sign-in) at `/exemples/inscription`: how the shop's registration form
 * and profile page embed `@omega/consent-ui`. The form creates a real customer account in
 * Firebase Auth (the emulator locally) and writes nothing else itself; the opt-in boxes'
 * decisions then go through the consent recorder (source `registration`), and the profile
 * section shows the same customer's choices with `<NotificationPreferencesForm>`.
 */
export function RegistrationExamplePage({
  apiOrigin,
  endpoints,
  fetch: fetcher,
}: RegistrationExamplePageProps) {
  const { locale } = useI18n();
  const t = exampleTranslator(locale);
  const optIn = useNotificationOptIn({ locale });
  const [state, setState] = useState<Step>({ step: 'form', accountError: null });
  const session = useRef<Session | null>(null);
  const origin = apiOrigin ?? defaultApiOrigin();
  const auth = useMemo(
    () => endpoints ?? { apiKey: config.firebaseApiKey, emulatorHost: config.authEmulatorHost },
    [endpoints],
  );
  const send = useMemo(() => fetcher ?? globalThis.fetch.bind(globalThis), [fetcher]);

  // Called before every customer API request: a fresh ID token, or null when signed out.
  const getIdToken = useCallback(async () => {
    const current = session.current;
    if (!current) return null;
    if (!needsRefresh(current)) return current.idToken;
    session.current = await refreshSession(auth, current, send);
    return session.current.idToken;
  }, [auth, send]);

  const recordConsent = useMemo(
    () => createConsentRecorder({ apiOrigin: origin, getIdToken, fetch: send }),
    [origin, getIdToken, send],
  );
  const changes = optIn.changes;

  async function record(email: string) {
    setState({ step: 'recording', email });
    const result = await recordConsent(changes, { source: 'registration' });
    setState({ step: 'done', email, result });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    setState({ step: 'creating' });
    try {
      session.current = await signUpWithPassword(
        auth,
        {
          email,
          password: String(form.get('password') ?? ''),
          displayName: String(form.get('firstName') ?? '').trim(),
        },
        send,
      );
    } catch (error) {
      setState({ step: 'form', accountError: accountErrorText(error, t) });
      return;
    }
    // The account exists: a failed consent call below never blocks it (CNIL: consent is free),
    // and is never taken as consent given either.
    await record(email);
  }

  function restart() {
    session.current = null;
    optIn.reset();
    setState({ step: 'form', accountError: null });
  }

  const busy = state.step === 'creating' || state.step === 'recording';
  return (
    <main id="main" className="registration-example" style={{ maxWidth: '44rem' }}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>

      <section aria-labelledby="example-register">
        <h2 id="example-register">{t('register.title')}</h2>
        {state.step === 'form' || state.step === 'creating' ? (
          <form onSubmit={submit} aria-busy={busy}>
            <fieldset disabled={busy}>
              <legend>{t('register.legend')}</legend>
              <label>
                {t('firstName')}
                <input name="firstName" autoComplete="given-name" required />
              </label>
              <label>
                {t('email')}
                <input name="email" type="email" autoComplete="email" required />
              </label>
              <label>
                {t('password')}
                <input
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  minLength={6}
                  required
                />
              </label>
              <label>
                {t('phone')}
                <input name="phone" type="tel" autoComplete="tel" aria-describedby="phone-help" />
              </label>
              <p id="phone-help" className="muted small">
                {t('phoneHelp')}
              </p>
            </fieldset>
            <NotificationOptIn {...optIn.props} disabled={busy} />
            {state.step === 'form' && state.accountError && (
              <p role="alert" className="error-text">
                {state.accountError}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? t('creating') : t('submit')}
            </button>
            {busy && (
              <p role="status" className="muted">
                {t('creating')}
              </p>
            )}
          </form>
        ) : (
          <RegistrationOutcome
            state={state}
            changes={changes}
            onRetry={() => void record(state.email)}
          />
        )}
      </section>

      {state.step === 'done' && (
        <section aria-labelledby="example-profile">
          <h2 id="example-profile">{t('profile.title')}</h2>
          <p className="muted">{t('profile.help')}</p>
          <NotificationPreferencesForm
            apiOrigin={origin}
            getIdToken={getIdToken}
            fetch={send}
            locale={locale}
          />
          <button type="button" className="secondary" onClick={restart}>
            {t('restart')}
          </button>
        </section>
      )}
    </main>
  );
}

/** What happened after the account was created: recording, recorded (with what), or failed. */
function RegistrationOutcome({
  state,
  changes,
  onRetry,
}: {
  state: Extract<Step, { step: 'recording' | 'done' }>;
  changes: readonly ConsentChange[];
  onRetry: () => void;
}) {
  const { t: dashboardT, locale } = useI18n();
  const t = exampleTranslator(locale);
  if (state.step === 'recording') {
    return (
      <p role="status" aria-busy="true">
        {t('recording')}
      </p>
    );
  }
  const { result, email } = state;
  if (!result.ok) {
    return (
      <div role="alert">
        <p className="error-text">
          {t('recordFailed', { email, reason: errorMessage(result.error, locale) })}
        </p>
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      </div>
    );
  }
  return (
    <div role="status">
      <p>{t('recorded', { email, count: result.records })}</p>
      <ul className="small">
        {changes.map((c) => (
          <li key={c.channel}>
            {t(c.granted ? 'change.granted' : 'change.withdrawn', {
              channel: dashboardT(`channel.${c.channel}`),
              version: c.wordingVersion,
            })}
          </li>
        ))}
      </ul>
      {result.twilioOptOut && <p className="error-text">{MESSAGES[locale].stillStopped}</p>}
    </div>
  );
}
