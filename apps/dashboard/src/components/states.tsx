import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

/** A polite loading line (announced to screen readers). */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

/** An empty state. */
export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="state empty">{children ?? t('state.empty')}</p>;
}

/** An error with a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state error" role="alert">
      <p>{t('state.error', { message })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders the three states of a query, then `children(data)`. */
export function QueryView<T>({
  query,
  children,
  isEmpty,
  empty,
}: {
  query: { data: T | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
