import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCustomerSearch } from '../api/hooks.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { UnreachableWorklist } from '../components/unreachable-worklist.tsx';
import { useI18n } from '../i18n/index.tsx';

/**
 * Customer search by name, phone or email (debounced; the query lives in the URL), and below it
 * the "who can't we reach?" worklist.
 */
export function CustomersPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q, setQ] = useState(text);
  useEffect(() => {
    const id = setTimeout(() => {
      setQ(text);
      setParams(text ? { q: text } : {}, { replace: true });
    }, 300);
    return () => clearTimeout(id);
  }, [text, setParams]);
  const query = useCustomerSearch(q);
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t('customers.title')}</h1>
      <form onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="customer-search">{t('customers.search')}</label>
        <input
          id="customer-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="customer-search-help"
          autoComplete="off"
        />
        <p id="customer-search-help" className="muted small">
          {t('customers.search.help')}
        </p>
      </form>
      {q.trim().length >= 2 &&
        (query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data && query.data.items.length === 0 ? (
          <p className="state empty">{t('customers.noResult')}</p>
        ) : (
          <ul className="results" aria-live="polite">
            {query.data?.items.map((c) => (
              <li key={`${c.kind}:${c.id}`}>
                <Link to={`/customers/${c.kind}/${encodeURIComponent(c.id)}`}>
                  <strong>{c.name}</strong>
                </Link>{' '}
                <span className="badge tone-muted">
                  {c.registered ? t('customers.registered') : t('customers.walkIn')}
                </span>
                <span className="muted"> {[c.phone, c.email].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        ))}
      <UnreachableWorklist />
    </section>
  );
}
