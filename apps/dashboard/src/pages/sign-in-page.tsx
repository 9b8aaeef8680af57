import { type FormEvent, useState } from 'react';
import { useAuth } from '../auth/auth-context.tsx';
import { useI18n } from '../i18n/index.tsx';

/** Email/password sign-in for staff (Firebase Auth). */
export function SignInPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await auth.signIn(String(form.get('email')), String(form.get('password')));
      if (!session.staff) {
        auth.signOut();
        setError(t('signIn.notStaff'));
      }
    } catch (e) {
      setError(t('signIn.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={submit}>
        <label>
          {t('signIn.email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
