import {
  addCalendarDays,
  CHANNELS,
  MESSAGING_CHANNELS,
  SHOP_TIME_ZONE,
  zonedDayKey,
} from '@omega/core';
import { lazy, Suspense, useState } from 'react';
import { useAnalytics } from '../api/hooks.ts';
import { Scoreboard } from '../components/scoreboard.tsx';
import { SenderHealthNotice } from '../components/sender-health-notice.tsx';
import { Loading, QueryView } from '../components/states.tsx';
import { ChannelName } from '../components/status.tsx';
import { formatBucket, formatEur, formatPercent } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

// recharts is the heaviest dependency: loaded only with this page's chart.
const SendsChart = lazy(() => import('../charts/sends-chart.tsx'));

function Kpi({ label, value, help }: { label: string; value: string; help: string }) {
  return (
    <div className="kpi">
      <h2>{label}</h2>
      <p className="kpi-value">{value}</p>
      <p className="muted">{help}</p>
    </div>
  );
}

/** Coverage, delivery, € against budget, sends per day, latency, failures and reasons. */
export function OverviewPage() {
  const { t, locale, tMaybe } = useI18n();
  const [days, setDays] = useState(30);
  // The last `days` days of the shop's calendar, today included.
  const to = zonedDayKey(new Date(), SHOP_TIME_ZONE);
  const from = addCalendarDays(to, -(days - 1));
  const query = useAnalytics(from, to);
  return (
    <section aria-labelledby="overview-title">
      <div className="page-head">
        <h1 id="overview-title">{t('overview.title')}</h1>
        <label>
          {t('overview.range')}{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={30}>{t('overview.range.30')}</option>
            <option value={90}>{t('overview.range.90')}</option>
            <option value={365}>{t('overview.range.365')}</option>
          </select>
        </label>
      </div>
      <SenderHealthNotice />
      <QueryView query={query}>
        {(a) => {
          const sent = MESSAGING_CHANNELS.reduce(
            (s, c) =>
              s +
              Math.max(
                a.channels[c].sent,
                a.channels[c].delivered + a.channels[c].failed + a.channels[c].undelivered,
              ),
            0,
          );
          const delivered = MESSAGING_CHANNELS.reduce((s, c) => s + a.channels[c].delivered, 0);
          const budgetRatio = Math.min(1, a.cost.ratio ?? 0);
          return (
            <>
              <div className="kpis">
                <Kpi
                  label={t('overview.coverage')}
                  value={formatPercent(a.coverage.rate, locale)}
                  help={t('overview.coverage.help', {
                    reachable: a.coverage.reachableAny,
                    total: a.coverage.customers,
                  })}
                />
                <Kpi
                  label={t('overview.delivery')}
                  value={formatPercent(sent ? delivered / sent : null, locale)}
                  help={t('overview.delivery.help')}
                />
                <div className="kpi">
                  <h2>{t('overview.budget')}</h2>
                  <p className="kpi-value">{formatPercent(a.cost.ratio, locale)}</p>
                  <meter
                    min={0}
                    max={1}
                    low={0.8}
                    high={0.99}
                    optimum={0}
                    value={budgetRatio}
                    aria-label={t('overview.budget')}
                  >
                    {formatPercent(budgetRatio, locale)}
                  </meter>
                  <p className="muted">
                    {t('overview.budget.help', {
                      spent: formatEur(a.cost.monthToDateEur, locale),
                      budget: formatEur(a.cost.budgetEur, locale),
                    })}
                  </p>
                </div>
                <Kpi
                  label={t('overview.optIn')}
                  value={formatPercent(a.optIn.rate, locale)}
                  help={t('overview.optIn.help')}
                />
                <Kpi
                  label={t('overview.response')}
                  value={formatPercent(a.response.rate, locale)}
                  help={t('overview.response.help')}
                />
              </div>

              <Scoreboard lines={a.scoreboard} />

              <h2>
                {a.range.granularity === 'month'
                  ? t('overview.sendsPerMonth')
                  : t('overview.sendsPerDay')}
              </h2>
              <Suspense fallback={<Loading />}>
                <SendsChart series={a.series} />
              </Suspense>

              <h2>{t('overview.satisfaction')}</h2>
              <p className="muted">
                {t('overview.satisfaction.help', {
                  responses: String(a.satisfaction.responses),
                  surveys: String(a.satisfaction.surveys),
                  average:
                    a.satisfaction.average === null
                      ? '—'
                      : a.satisfaction.average.toLocaleString(locale, {
                          maximumFractionDigits: 2,
                        }),
                  rate: formatPercent(a.satisfaction.responseRate, locale),
                })}
              </p>
              <table aria-label={t('overview.satisfaction')}>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.satisfaction.score')}</th>
                    <th scope="col">{t('overview.satisfaction.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {([5, 4, 3, 2, 1] as const).map((score) => (
                    <tr key={score}>
                      <th scope="row">{score}/5</th>
                      <td>{a.satisfaction.distribution[score]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>

              <h2>{t('overview.perChannel')}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.col.channel')}</th>
                    <th scope="col">{t('overview.col.sent')}</th>
                    <th scope="col">{t('overview.col.delivered')}</th>
                    <th scope="col">{t('overview.col.failed')}</th>
                    <th scope="col">{t('overview.col.rate')}</th>
                    <th scope="col">{t('overview.coverage')}</th>
                    <th scope="col">{t('overview.latency.sent')}</th>
                    <th scope="col">{t('overview.latency.delivered')}</th>
                    <th scope="col">{t('overview.col.cost')}</th>
                  </tr>
                </thead>
                <tbody>
                  {CHANNELS.map((c) => {
                    const s = a.channels[c];
                    const receipts = (MESSAGING_CHANNELS as readonly string[]).includes(c);
                    return (
                      <tr key={c}>
                        <th scope="row">
                          <ChannelName channel={c} />
                        </th>
                        <td>{s.sent}</td>
                        {/* Email and push have no delivery receipts: "non suivi", never 0 %. */}
                        <td>{receipts ? s.delivered : t('scoreboard.notTracked')}</td>
                        <td>{s.failed + s.undelivered}</td>
                        <td>
                          {receipts
                            ? formatPercent(s.deliveryRate, locale)
                            : t('scoreboard.notTracked')}
                        </td>
                        <td>{formatPercent(a.coverage.perChannel[c].rate, locale)}</td>
                        <td>
                          {formatBucket(s.latencySent.median)} / {formatBucket(s.latencySent.p95)}
                        </td>
                        <td>
                          {formatBucket(s.latencyDelivered.median)} /{' '}
                          {formatBucket(s.latencyDelivered.p95)}
                        </td>
                        <td>{formatEur(s.costActualEur || s.costEur, locale)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>

              <div className="two-cols">
                <div>
                  <h2>{t('overview.failures')}</h2>
                  {a.errors.length === 0 ? (
                    <p className="muted">{t('state.empty')}</p>
                  ) : (
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('overview.col.channel')}</th>
                          <th scope="col">{t('overview.col.code')}</th>
                          <th scope="col">{t('overview.col.count')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {a.errors.map((e) => (
                          <tr key={`${e.channel}-${e.code}`}>
                            <td>
                              <ChannelName channel={e.channel} />
                            </td>
                            <td>{e.code}</td>
                            <td>{e.count}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
                <div>
                  <h2>{t('overview.notSent')}</h2>
                  {a.notSent.length === 0 ? (
                    <p className="muted">{t('state.empty')}</p>
                  ) : (
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('overview.col.reason')}</th>
                          <th scope="col">{t('overview.col.count')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {a.notSent.map((r) => (
                          <tr key={r.reason}>
                            <td>{tMaybe(`reason.${r.reason}`, r.reason)}</td>
                            <td>{r.count}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              </div>
              <p className="muted small">{t('overview.reads', { reads: a.reads })}</p>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
