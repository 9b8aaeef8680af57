import {
  type Channel,
  estimateMessageCostEur,
  type NotificationKind,
  type PriceSettings,
  type PriceZone,
} from '@omega/core';
import {
  checkVariant,
  renderSmsVariant,
  renderWhatsAppVariant,
  sampleVariables,
  TEMPLATE_VARIABLES,
} from '@omega/templates';
import { useMemo, useState } from 'react';
import {
  useExperiment,
  useWording,
  useWordingActions,
  type WordingKey,
} from '../api/wording-hooks.ts';
import { formatDateTime, formatEur, formatPercent } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { QueryView } from './states.tsx';

type Wording = NonNullable<ReturnType<typeof useWording>['data']>;

/** The live check of a text: refusals, worst case, sample preview, segments and €. */
function useLiveCheck(key: WordingKey, text: string, prices: PriceSettings, zone: PriceZone) {
  return useMemo(() => {
    const checked = checkVariant({ ...key, text });
    const samples = sampleVariables(key.kind, key.locale);
    let preview: { text: string; segments: number; encoding: string | null; eur: number } | null =
      null;
    if (key.channel === 'sms') {
      const sms = renderSmsVariant(key.kind, samples, text, { locale: key.locale });
      if (sms.ok)
        preview = {
          text: sms.value.text,
          segments: sms.value.segments,
          encoding: sms.value.encoding,
          eur: estimateMessageCostEur('sms', { segments: sms.value.segments, zone }, prices),
        };
    } else {
      const wa = renderWhatsAppVariant(
        key.kind,
        samples,
        { text, friendlyName: 'preview' },
        {
          locale: key.locale,
        },
      );
      if (wa.ok)
        preview = {
          text: wa.value.template.body,
          segments: 1,
          encoding: null,
          eur: estimateMessageCostEur('whatsapp', { segments: 1, zone }, prices),
        };
    }
    return {
      violations: checked.ok ? [] : checked.error.violations,
      worstCase: checked.ok ? checked.value.worstCase : null,
      preview,
    };
  }, [key, text, prices, zone]);
}

function ExperimentView({ id, wording }: { id: string; wording: WordingKey }) {
  const { t, locale } = useI18n();
  const query = useExperiment(id);
  const actions = useWordingActions(wording);
  return (
    <QueryView query={query}>
      {({ experiment, results }) => (
        <section aria-labelledby="experiment-title" className="experiment">
          <h3 id="experiment-title">
            {t('experiment.title', { n: experiment.version, percent: experiment.variantPercent })}
          </h3>
          <p className="muted">{t('experiment.how', { min: results.rule.minTrialsPerArm })}</p>
          <p>
            {t('experiment.sent', {
              control: results.arms.control.sent,
              variant: results.arms.variant.sent,
            })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('experiment.metric')}</th>
                <th scope="col">{t('experiment.control')}</th>
                <th scope="col">{t('experiment.variant')}</th>
                <th scope="col">{t('experiment.probability')}</th>
                <th scope="col">{t('experiment.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {(['delivered', 'read', 'replied', 'linkOpened'] as const).map((metric) => {
                const c = results.comparisons[metric];
                const arm = (a: NonNullable<typeof c>['control']) =>
                  t('experiment.rate', {
                    rate: formatPercent(a.rate, locale),
                    successes: a.successes,
                    trials: a.trials,
                  });
                return (
                  <tr key={metric}>
                    <th scope="row">{t(`experiment.metric.${metric}`)}</th>
                    {c ? (
                      <>
                        <td>{arm(c.control)}</td>
                        <td>{arm(c.variant)}</td>
                        <td>{formatPercent(c.probabilityVariantBetter, locale)}</td>
                        <td>
                          {c.verdict === 'collecting'
                            ? t('experiment.verdict.collecting', { missing: c.trialsMissing })
                            : t(`experiment.verdict.${c.verdict}`)}
                        </td>
                      </>
                    ) : (
                      <td colSpan={4}>{t('experiment.notTracked')}</td>
                    )}
                  </tr>
                );
              })}
              <tr>
                <th scope="row">{t('experiment.pickup')}</th>
                {(['control', 'variant'] as const).map((a) => (
                  <td key={a}>
                    {results.arms[a].pickup.medianHours === null
                      ? '—'
                      : t('experiment.pickupValue', {
                          hours: Math.round(results.arms[a].pickup.medianHours),
                          n: results.arms[a].pickup.tickets,
                        })}
                  </td>
                ))}
                <td colSpan={2} />
              </tr>
            </tbody>
          </table>
          <div className="actions">
            <button type="button" onClick={() => actions.stop.mutate('control')}>
              {t('experiment.keepControl')}
            </button>
            <button type="button" onClick={() => actions.stop.mutate('variant')}>
              {t('experiment.keepVariant')}
            </button>
          </div>
          {actions.stop.error && (
            <p role="alert" className="error-text">
              {actions.stop.error.message}
            </p>
          )}
        </section>
      )}
    </QueryView>
  );
}

function Versions({ data, wording }: { data: Wording; wording: WordingKey }) {
  const { t, locale, tMaybe } = useI18n();
  const actions = useWordingActions(wording);
  const [percent, setPercent] = useState(50);
  const error = actions.start.error ?? actions.refresh.error ?? actions.revert.error;
  return (
    <section aria-labelledby="versions-title">
      <h3 id="versions-title">{t('wording.versions')}</h3>
      {data.adopted !== null && (
        <p>
          {t('wording.adopted', { n: data.adopted })}{' '}
          <button type="button" onClick={() => actions.revert.mutate()}>
            {t('wording.revert')}
          </button>
        </p>
      )}
      {data.versions.length === 0 ? (
        <p className="muted">{t('wording.noVersions')}</p>
      ) : (
        <>
          {!data.experiment && (
            <label>
              {t('wording.percent')}
              <input
                type="number"
                min={1}
                max={99}
                value={percent}
                onChange={(e) => setPercent(Number(e.target.value))}
              />
            </label>
          )}
          <ol className="versions">
            {data.versions.map((v) => (
              <li key={v.version} aria-label={t('wording.version', { n: v.version })}>
                <strong>{t('wording.version', { n: v.version })}</strong> —{' '}
                {formatDateTime(v.createdAt, locale)}
                <pre className="preview">{v.text}</pre>
                {v.whatsapp ? (
                  <p>
                    {t('wording.approval', {
                      state: tMaybe(
                        `templates.approval.${v.whatsapp.approval}`,
                        v.whatsapp.approval,
                      ),
                    })}
                    {v.whatsapp.rejectionReason &&
                      ` — ${t('wording.rejected', { reason: v.whatsapp.rejectionReason })}`}
                  </p>
                ) : (
                  <p>{t('wording.usable')}</p>
                )}
                {v.whatsapp && !v.usable && (
                  <button type="button" onClick={() => actions.refresh.mutate(v.version)}>
                    {t('wording.refresh')}
                  </button>
                )}
                {v.usable && !data.experiment && (
                  <button
                    type="button"
                    onClick={() =>
                      actions.start.mutate({ version: v.version, variantPercent: percent })
                    }
                  >
                    {t('wording.start')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
    </section>
  );
}

function Editor({
  data,
  wording,
  prices,
  zone,
}: {
  data: Wording;
  wording: WordingKey;
  prices: PriceSettings;
  zone: PriceZone;
}) {
  const { t, locale } = useI18n();
  const [text, setText] = useState(data.versions[0]?.text ?? data.catalogue);
  const live = useLiveCheck(wording, text, prices, zone);
  const actions = useWordingActions(wording);
  const names = [
    ...TEMPLATE_VARIABLES[wording.kind].required,
    ...(wording.channel === 'sms' ? TEMPLATE_VARIABLES[wording.kind].optional : []),
  ].filter((n) => n !== 'ticketId');
  return (
    <div className="two-cols">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          actions.save.mutate(text);
        }}
      >
        <p className="muted">{t('wording.help')}</p>
        <label htmlFor="wording-text">{t('wording.text')}</label>
        <textarea
          id="wording-text"
          rows={5}
          style={{ width: '100%' }}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <p className="muted">
          {t('wording.variables', { names: names.map((n) => `{${n}}`).join(' ') })}
        </p>
        <div className="actions">
          <button type="button" onClick={() => setText(data.catalogue)}>
            {t('wording.fromCatalogue')}
          </button>
          <button type="submit" disabled={live.violations.length > 0 || actions.save.isPending}>
            {wording.channel === 'whatsapp' ? t('wording.saveWhatsApp') : t('wording.save')}
          </button>
        </div>
        {actions.save.error && (
          <p role="alert" className="error-text">
            {actions.save.error.message}
          </p>
        )}
      </form>
      <div aria-live="polite">
        {live.violations.length > 0 ? (
          <section aria-labelledby="refusals-title">
            <h3 id="refusals-title">{t('wording.refused')}</h3>
            <ul className="refusals">
              {live.violations.map((v) => (
                <li key={`${v.rule}:${v.message}`} data-rule={v.rule}>
                  {v.message}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <p>{t('wording.accepted')}</p>
        )}
        {live.preview && (
          <>
            <pre className="preview">{live.preview.text}</pre>
            <dl className="counters">
              <dt>{t('templates.chars')}</dt>
              <dd>{[...live.preview.text].length}</dd>
              {live.preview.encoding && (
                <>
                  <dt>{t('templates.encoding')}</dt>
                  <dd>{live.preview.encoding}</dd>
                </>
              )}
              <dt>{t('templates.segments')}</dt>
              <dd>{live.preview.segments}</dd>
              {live.worstCase && (
                <>
                  <dt>{t('wording.worstCase')}</dt>
                  <dd>
                    {t('wording.worstCaseValue', {
                      segments: live.worstCase.segments,
                      units: live.worstCase.units,
                    })}
                  </dd>
                </>
              )}
              <dt>{t('templates.cost')}</dt>
              <dd>{formatEur(live.preview.eur, locale)}</dd>
            </dl>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The staff wording of a template on SMS or WhatsApp: the editor (checked live against the
 * catalogue's rules, with the segment and € counter), its versions (WhatsApp approval) and the
 * running experiment with its per-arm results. Saving, experiments and going back to the
 * catalogue are for admins (the staff API refuses them to others): `canEdit` false shows it all
 * read-only.
 */
export function WordingEditor({
  kind,
  channel,
  prices,
  zone,
  canEdit,
}: {
  kind: NotificationKind;
  channel: Channel;
  prices: PriceSettings;
  zone: PriceZone;
  canEdit: boolean;
}) {
  const { t, locale } = useI18n();
  if (channel !== 'sms' && channel !== 'whatsapp') {
    return <p className="muted">{t('wording.onlyMessaging')}</p>;
  }
  const wording: WordingKey = { kind, channel, locale };
  return (
    <Loaded
      key={`${kind}~${channel}~${locale}`}
      wording={wording}
      prices={prices}
      zone={zone}
      canEdit={canEdit}
    />
  );
}

function Loaded({
  wording,
  prices,
  zone,
  canEdit,
}: {
  wording: WordingKey;
  prices: PriceSettings;
  zone: PriceZone;
  canEdit: boolean;
}) {
  const { t } = useI18n();
  const query = useWording(wording);
  return (
    <section aria-labelledby="wording-title">
      <h2 id="wording-title">{t('wording.title')}</h2>
      {!canEdit && <p className="muted">{t('wording.adminOnly')}</p>}
      <QueryView query={query}>
        {(data) => (
          <fieldset className="plain" disabled={!canEdit}>
            <Editor data={data} wording={wording} prices={prices} zone={zone} />
            <Versions data={data} wording={wording} />
            {data.experiment && <ExperimentView id={data.experiment.id} wording={wording} />}
          </fieldset>
        )}
      </QueryView>
    </section>
  );
}
