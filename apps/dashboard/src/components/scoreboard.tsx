import { formatEur, formatPercent } from '../format.ts';
import type { MessageKey } from '../i18n/fr.ts';
import { type Locale, useI18n } from '../i18n/index.tsx';

/** One line of the staff API's `scoreboard` (`apps/functions/src/api/services/scoreboard.ts`). */
export interface ScoreboardLine {
  id: string;
  unit: 'ratio' | 'eur' | 'ms' | 'count';
  target: { atLeast: number } | { atMost: number } | null;
  tracked: boolean;
  value: number | null;
  previous: number | null;
  met: boolean | null;
}

function formatValue(unit: ScoreboardLine['unit'], value: number | null, locale: Locale): string {
  if (value === null) return '—';
  if (unit === 'ratio') return formatPercent(value, locale);
  // Cents matter at €0.07 per SMS: up to 4 decimals ("0,075 €").
  if (unit === 'eur')
    return value < 1
      ? new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
          style: 'currency',
          currency: 'EUR',
          minimumFractionDigits: 2,
          maximumFractionDigits: 4,
        }).format(value)
      : formatEur(value, locale);
  // Latency buckets: the bucket's upper bound ("< 5 s"); the open last one as "≥ 600 s".
  if (unit === 'ms') return value >= 600_000 ? '≥ 600 s' : `< ${value / 1000} s`;
  // Counts, and messages per conversation to one decimal ("3,5").
  return value.toLocaleString(locale, { maximumFractionDigits: 1 });
}

/** The plan's success metrics: goal, measured value, trend, status and how each is computed. */
export function Scoreboard({ lines }: { lines: readonly ScoreboardLine[] }) {
  const { t, locale } = useI18n();
  const key = (s: string) => s as MessageKey;
  return (
    <section aria-labelledby="scoreboard-title">
      <h2 id="scoreboard-title">{t('scoreboard.title')}</h2>
      <p className="muted">{t('scoreboard.intro')}</p>
      <table className="scoreboard">
        <thead>
          <tr>
            <th scope="col">{t('scoreboard.col.metric')}</th>
            <th scope="col">{t('scoreboard.col.target')}</th>
            <th scope="col">{t('scoreboard.col.value')}</th>
            <th scope="col">{t('scoreboard.col.trend')}</th>
            <th scope="col">{t('scoreboard.col.status')}</th>
            <th scope="col">{t('scoreboard.col.how')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((m) => {
            const goal =
              m.target === null
                ? t('scoreboard.noTarget')
                : 'atLeast' in m.target
                  ? `≥ ${formatValue(m.unit, m.target.atLeast, locale)}`
                  : `≤ ${formatValue(m.unit, m.target.atMost, locale).replace('< ', '')}`;
            const previous = formatValue(m.unit, m.previous, locale);
            const trend = !m.tracked
              ? t('scoreboard.trend.none')
              : m.id.startsWith('coverage')
                ? t('scoreboard.trend.current')
                : m.previous === null || m.value === null
                  ? t('scoreboard.trend.none')
                  : m.value > m.previous
                    ? t('scoreboard.trend.up', { previous })
                    : m.value < m.previous
                      ? t('scoreboard.trend.down', { previous })
                      : t('scoreboard.trend.flat', { previous });
            return (
              <tr key={m.id} data-metric={m.id}>
                <th scope="row">{t(key(`scoreboard.${m.id}`))}</th>
                <td>{goal}</td>
                <td className="scoreboard-value">
                  {m.tracked ? formatValue(m.unit, m.value, locale) : t('scoreboard.notTracked')}
                </td>
                <td>{trend}</td>
                <td>
                  {m.met === null ? '—' : m.met ? t('scoreboard.met') : t('scoreboard.notMet')}
                </td>
                <td className="muted small">{t(key(`scoreboard.${m.id}.how`))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
