import {
  CHANNEL_DISPLAY_ORDER,
  type Channel,
  type NotificationKind,
  PRICE_ZONES,
  type PriceZone,
} from '@omega/core';
import { preview, type TemplateVariables } from '@omega/templates';
import { useMemo, useState } from 'react';
import { useTemplates } from '../api/hooks.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { QueryView } from '../components/states.tsx';
import { WordingEditor } from '../components/wording-editor.tsx';
import { formatEur } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

const NUMBERS = new Set(['amountEur', 'daysWaiting', 'storageDays']);

/** Turns the form's strings into the templates' variable types. */
export function typedVariables(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '') continue;
    if (k === 'appointmentAt') out[k] = new Date(v);
    else if (NUMBERS.has(k)) out[k] = Number(v.replace(',', '.'));
    else out[k] = v;
  }
  return out;
}

type Templates = NonNullable<ReturnType<typeof useTemplates>['data']>;

function Editor({ data }: { data: Templates }) {
  const { t, locale, tMaybe } = useI18n();
  const admin = useAuth().session?.admin === true;
  const [kind, setKind] = useState<NotificationKind>('status_completed');
  const [channel, setChannel] = useState<Channel>('sms');
  const [mode, setMode] = useState<'free_text' | 'template'>('free_text');
  const [zone, setZone] = useState<PriceZone>('fr_metro');
  const item = data.items.find((i) => i.kind === kind) ?? data.items[0];
  const [edits, setEdits] = useState<Record<string, Record<string, string>>>({});
  const values: Record<string, string> = {
    ...Object.fromEntries(Object.entries(item?.samples ?? {}).map(([k, v]) => [k, String(v)])),
    ...edits[kind],
  };
  const result = useMemo(
    () =>
      preview(kind, channel, typedVariables(values) as TemplateVariables<typeof kind>, {
        locale,
        zone,
        whatsappMode: mode,
        prices: data.prices,
      }),
    [kind, channel, values, locale, zone, mode, data.prices],
  );
  if (!item) return null;
  return (
    <>
      <div className="two-cols">
        <form onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('templates.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as NotificationKind)}>
              {data.items.map((i) => (
                <option key={i.kind} value={i.kind}>
                  {tMaybe(`kind.${i.kind}`, i.kind)} —{' '}
                  {t(`templates.approval.${i.whatsapp.approval as 'approved'}`) ??
                    i.whatsapp.approval}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('templates.channel')}
            <select value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
              {CHANNEL_DISPLAY_ORDER.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {channel === 'whatsapp' && (
            <label>
              {t('templates.mode')}
              <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
                <option value="free_text">{t('templates.mode.free')}</option>
                <option value="template">{t('templates.mode.template')}</option>
              </select>
            </label>
          )}
          <label>
            {t('templates.zone')}
            <select value={zone} onChange={(e) => setZone(e.target.value as PriceZone)}>
              {PRICE_ZONES.map((z) => (
                <option key={z} value={z}>
                  {t(`zone.${z}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('templates.variables')}</legend>
            {[...item.required, ...item.optional].map((name) => (
              <label key={name}>
                {name}
                {item.required.includes(name) ? ' *' : ''}
                <input
                  value={values[name] ?? ''}
                  onChange={(e) =>
                    setEdits({ ...edits, [kind]: { ...edits[kind], [name]: e.target.value } })
                  }
                  type={name === 'appointmentAt' ? 'text' : 'text'}
                />
              </label>
            ))}
          </fieldset>
        </form>
        <div aria-live="polite">
          <h2>{t('templates.preview')}</h2>
          {result.ok ? (
            <>
              <pre className="preview">{result.value.text}</pre>
              <dl className="counters">
                <dt>{t('templates.chars')}</dt>
                <dd>{[...result.value.text].length}</dd>
                <dt>{t('templates.encoding')}</dt>
                <dd>{result.value.encoding}</dd>
                <dt>{t('templates.segments')}</dt>
                <dd>{result.value.segments}</dd>
                <dt>{t('templates.cost')}</dt>
                <dd>{formatEur(result.value.estimatedEur, locale)}</dd>
                <dt>{t('templates.approval')}</dt>
                <dd>
                  {tMaybe(`templates.approval.${item.whatsapp.approval}`, item.whatsapp.approval)}
                </dd>
              </dl>
              {result.value.nonGsmCharacters.length > 0 && (
                <p className="why">
                  {t('templates.nonGsm', { chars: result.value.nonGsmCharacters.join(' ') })}
                </p>
              )}
              {result.value.truncated.length > 0 && (
                <p className="muted">
                  {t('templates.truncated', {
                    vars: result.value.truncated.map((x) => x.variable).join(', '),
                  })}
                </p>
              )}
            </>
          ) : (
            <p role="alert" className="error-text">
              {t('templates.invalid', { message: result.error.message })}
            </p>
          )}
        </div>
      </div>
      <WordingEditor
        kind={kind}
        channel={channel}
        prices={data.prices}
        zone={zone}
        canEdit={admin}
      />
    </>
  );
}

/** Every template with a live segment / encoding / € counter as variables change, and its WhatsApp approval. */
export default function TemplatesPage() {
  const { t } = useI18n();
  const query = useTemplates();
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">{t('templates.title')}</h1>
      <QueryView query={query}>{(data) => <Editor data={data} />}</QueryView>
    </section>
  );
}
