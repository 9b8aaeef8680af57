import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../auth/auth-context.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { type Locale, useI18n } from '../i18n/index.tsx';

const LINKS: Array<[string, MessageKey]> = [
  ['/', 'nav.overview'],
  ['/customers', 'nav.customers'],
  ['/messages', 'nav.messages'],
  ['/conversations', 'nav.conversations'],
  ['/templates', 'nav.templates'],
  ['/settings', 'nav.settings'],
];

/** The page frame: skip link, navigation, language switch, sign-out, and the routed page. */
export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const auth = useAuth();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <strong className="brand">{t('app.title')}</strong>
        <nav aria-label={t('nav.main')}>
          <ul>
            {LINKS.map(([to, key]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {t(key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <label>
            <span className="sr-only">{t('nav.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              <option value="fr">FR</option>
              <option value="en">EN</option>
            </select>
          </label>
          <span className="muted">{auth.session?.email}</span>
          <button type="button" onClick={() => auth.signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
