import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../i18n/index.tsx';

const COLORS = { email: '#1d4ed8', whatsapp: '#047857', sms: '#b45309', push: '#6d28d9' } as const;

/**
 * Stacked bars: messages sent per day (or month) per channel (loaded lazily with recharts). The
 * series holds every day of the period, empty ones at 0, and a bar is never wider than 32 px:
 * one day with data no longer fills the whole width.
 */
export default function SendsChart({ series }: { series: Array<Record<string, number | string>> }) {
  const { t } = useI18n();
  return (
    <figure className="chart" aria-label={t('overview.sendsPerDay')}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={series} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          {(Object.keys(COLORS) as Array<keyof typeof COLORS>).map((c) => (
            <Bar
              key={c}
              dataKey={`${c}_sent`}
              name={t(`channel.${c}`)}
              stackId="sent"
              fill={COLORS[c]}
              maxBarSize={32}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
