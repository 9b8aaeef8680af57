import { getConnInfo } from '@hono/node-server/conninfo';
import { CHANNELS } from '@omega/core';
import { FieldValue } from 'firebase-admin/firestore';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import {
  type LoadedCustomer,
  loadCustomer,
  primaryPhone,
  reachability,
} from '../customers/index.ts';
import { ApiError, bearerToken, onApiError, valid } from '../http/index.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, profileSchema } from '../store/documents.ts';
import { recordSatisfactionAnswer } from '../store/satisfaction.ts';
import { addStats } from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';
import { actionsBlock, zActionForm } from './actions.ts';
import { recordWebAction } from './actions-route.ts';
import { type CustomerChoice, checkChoices, hashIp, recordCustomerChoices } from './choices.ts';
import { clientAddress, DEFAULT_TRUSTED_PROXY_HOPS } from './client-ip.ts';
import { type CustomerApiDeps, DEFAULT_CUSTOMER_RATE_LIMITS } from './deps.ts';
import { type OpenLink, resolveLink } from './links.ts';
import { mediaRoutes } from './media-route.ts';
import {
  PAGE_CSP,
  renderLandingPage,
  renderProblemPage,
  renderRefusalPage,
  type SavedNotice,
} from './page.ts';
import { photosBlock } from './photos.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { conversationNumber, surveyBlock, surveySent, zSurveyForm } from './satisfaction.ts';
import { linkView, offeredChannels } from './view.ts';

/** Every route of the customer API: none needs staff rights, each is rate-limited. */
export const CUSTOMER_ROUTES = [
  'GET /t/:linkId',
  'POST /t/:linkId',
  'POST /t/:linkId/note',
  'GET /m/:token',
  'POST /t/:linkId/action',
  'GET /api/public/health',
  'GET /api/public/links/:linkId',
  'POST /api/public/links/:linkId/consent',
  'GET /api/public/me/preferences',
  'POST /api/public/me/consent',
] as const;

const zChannel = z.enum(CHANNELS);
const zChoice = z.strictObject({
  channel: zChannel,
  granted: z.boolean(),
  wordingVersion: z.string().min(1).max(64),
});
const zChoices = z.array(zChoice).min(1).max(4);
const linkParam = z.object({ linkId: z.string().min(1).max(64) });

/** The form the landing page posts: one channel decision. */
const zForm = z.strictObject({
  channel: zChannel,
  granted: z.enum(['true', 'false']).transform((v) => v === 'true'),
  wordingVersion: z.string().min(1).max(64),
});

const REFUSAL_STATUS = { unknown: 404, expired: 410, revoked: 410 } as const;
const REFUSAL_MESSAGE = {
  unknown: 'Lien introuvable.',
  expired: 'Lien expiré.',
  revoked: 'Lien désactivé.',
} as const;

/**
 * The client's address: the `X-Forwarded-For` entry Google's front end appended, counted from the
 * right past `trustedHops` trusted proxies (never the left-most entries, which the client writes),
 * else the socket's peer (`client-ip.ts`).
 */
export function clientIp(c: Context, trustedHops = DEFAULT_TRUSTED_PROXY_HOPS): string {
  let socketAddress: string | undefined;
  try {
    socketAddress = getConnInfo(c).remote.address;
  } catch {
    socketAddress = undefined;
  }
  return clientAddress(c.req.header('x-forwarded-for'), { trustedHops, socketAddress });
}

type Env = { Variables: { ip: string; ipHash: string } };

/**
 * The customer-facing API, deployed as the public HTTPS function `customerApi`, apart from the
 * staff API: the no-login landing page behind each SMS short link (`/t/:linkId`, HTML forms, no
 * script) and the JSON routes it and the registration/profile component need
 * (`/api/public/**`). A link reaches its own ticket and customer only; the `/me` routes reach
 * only the signed-in customer's own profile. Every route is rate-limited per IP (and writes per
 * link or customer); every input is validated; errors are `{ error: { code, message } }` (JSON)
 * or a plain French page (HTML).
 */
export function createCustomerApi(deps: CustomerApiDeps) {
  const limits = { ...DEFAULT_CUSTOMER_RATE_LIMITS, ...deps.limits };
  const readsPerIp = createRateLimiter(limits.readsPerIp);
  const refusalsPerIp = createRateLimiter(limits.refusalsPerIp);
  const writesPerIp = createRateLimiter(limits.writesPerIp);
  const writesPerOwner = createRateLimiter(limits.writesPerOwner);
  const now = () => deps.clock();
  const origins = new Set([new URL(deps.appPublicUrl).origin, ...deps.corsOrigins]);

  const take = (limiter: RateLimiter, key: string) => {
    const decision = limiter.take(key, now().getTime());
    if (!decision.ok) {
      const error = new ApiError(
        429,
        'rate_limited',
        `Trop de demandes : réessayez dans ${decision.retryAfterSeconds} s.`,
      );
      (error as ApiError & { retryAfter?: number }).retryAfter = decision.retryAfterSeconds;
      throw error;
    }
  };

  const identify = createMiddleware<Env>(async (c, next) => {
    const ip = clientIp(c, deps.trustedProxyHops);
    c.set('ip', ip);
    c.set('ipHash', hashIp(ip, deps.ipHashSecret));
    await next();
  });
  const limitReads = createMiddleware<Env>(async (c, next) => {
    take(readsPerIp, c.var.ipHash);
    await next();
  });

  /** The open link, or a 404/410 `link_<reason>` (counted against the IP's refusals). */
  const openOrThrow = async (c: Context<Env>, linkId: string): Promise<OpenLink> => {
    const resolved = await resolveLink(deps.db, linkId, now());
    if (resolved.ok) return resolved.value;
    take(refusalsPerIp, c.var.ipHash);
    const code = resolved.error.code;
    throw new ApiError(REFUSAL_STATUS[code], `link_${code}`, REFUSAL_MESSAGE[code]);
  };

  /**
   * The common start of a form post on the landing page: a form from another site is refused
   * (403), an unknown, expired or revoked link answers its page (counted against the IP's
   * refusals); otherwise the open link.
   */
  const openForForm = async (c: Context<Env>, linkId: string): Promise<OpenLink | Response> => {
    if (!sameOrigin(c)) {
      return html(
        c,
        403,
        renderProblemPage('Demande refusée', 'Ce formulaire vient d’un autre site.'),
      );
    }
    const resolved = await resolveLink(deps.db, linkId, now());
    if (resolved.ok) return resolved.value;
    take(refusalsPerIp, c.var.ipHash);
    return html(c, REFUSAL_STATUS[resolved.error.code], renderRefusalPage(resolved.error.code));
  };

  const ownerOfLink = (link: OpenLink) => ({
    clientId: link.customer.clientId ?? link.ticket.clientId,
    customerId: link.customer.customerId,
    phone: primaryPhone(link.customer),
  });

  const settingsNow = async () => {
    const settings = await deps.settings.get();
    return { settings, at: now() };
  };

  const viewOf = async (link: OpenLink) => {
    const { settings, at } = await settingsNow();
    return linkView(deps.db, link, {
      settings: settings.core,
      shop: settings.shop,
      appPublicUrl: deps.appPublicUrl,
      now: at,
    });
  };

  const applyForLink = async (c: Context<Env>, link: OpenLink, choices: CustomerChoice[]) => {
    take(writesPerIp, c.var.ipHash);
    take(writesPerOwner, `link:${link.linkId}`);
    checkChoices(choices, offeredChannels(link.customer));
    const { settings, at } = await settingsNow();
    return recordCustomerChoices(deps.db, ownerOfLink(link), choices, {
      at,
      source: 'web',
      ipHash: c.var.ipHash,
      defaultCountry: settings.core.defaultCountry,
    });
  };

  /** The signed-in customer's profile (a fresh registration may not have one yet). */
  const signedInCustomer = async (c: Context<Env>): Promise<LoadedCustomer> => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new ApiError(401, 'missing_token', 'Connexion requise.');
    const verified = await deps.verifier.verify(token);
    if (!verified.ok) throw new ApiError(401, verified.error.code, verified.error.message);
    const uid = verified.value.uid;
    try {
      return await loadCustomer(deps.db, 'profile', uid);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      const empty = parseDoc(profileSchema, {});
      return {
        kind: 'profile',
        id: uid,
        clientId: null,
        customerId: uid,
        client: null,
        profile: empty.ok ? empty.value : null,
        clientSnap: null,
        profileSnap: null,
      };
    }
  };

  const json = new Hono<Env>()
    .use(
      cors({
        origin: (origin) => (origins.has(origin) ? origin : null),
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        exposeHeaders: ['retry-after'],
        maxAge: 600,
      }),
    )
    .use(limitReads)
    .get('/health', (c) => c.json({ ok: true as const }))
    .get('/links/:linkId', valid('param', linkParam), async (c) => {
      const link = await openOrThrow(c, c.req.valid('param').linkId);
      return c.json(await viewOf(link));
    })
    .post(
      '/links/:linkId/consent',
      valid('param', linkParam),
      valid('json', z.strictObject({ changes: zChoices })),
      async (c) => {
        const link = await openOrThrow(c, c.req.valid('param').linkId);
        const result = await applyForLink(c, link, c.req.valid('json').changes);
        return c.json(result);
      },
    )
    .get('/me/preferences', async (c) => {
      const customer = await signedInCustomer(c);
      const { settings, at } = await settingsNow();
      const reach = await reachability(deps.db, customer, settings.core, at);
      return c.json({
        channels: reach.channels.map((ch) => ({
          channel: ch.channel,
          enabled: ch.granted,
          explicit: ch.explicit,
          since: ch.since,
        })),
      });
    })
    .post(
      '/me/consent',
      valid('json', z.strictObject({ source: z.enum(['registration', 'web']), changes: zChoices })),
      async (c) => {
        const customer = await signedInCustomer(c);
        const body = c.req.valid('json');
        take(writesPerIp, c.var.ipHash);
        take(writesPerOwner, `uid:${customer.id}`);
        checkChoices(body.changes, CHANNELS);
        const { settings, at } = await settingsNow();
        const result = await recordCustomerChoices(
          deps.db,
          {
            clientId: customer.clientId,
            customerId: customer.id,
            phone: primaryPhone(customer),
          },
          body.changes,
          {
            at,
            source: body.source,
            ipHash: c.var.ipHash,
            defaultCountry: settings.core.defaultCountry,
          },
        );
        return c.json(result);
      },
    );

  const html = (c: Context, status: 200 | 400 | 403 | 404 | 410 | 429, body: string) => {
    c.header('content-security-policy', PAGE_CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    return c.html(body, status);
  };

  const pages = new Hono<Env>()
    .get('/:linkId', async (c) => {
      take(readsPerIp, c.var.ipHash);
      const linkId = c.req.param('linkId');
      const resolved = await resolveLink(deps.db, linkId, now());
      if (!resolved.ok) {
        take(refusalsPerIp, c.var.ipHash);
        return html(c, REFUSAL_STATUS[resolved.error.code], renderRefusalPage(resolved.error.code));
      }
      // The view and the day's `link_views` (the scoreboard's call deflection) in one batch.
      const viewed = deps.db.batch();
      viewed.update(deps.db.collection(COLLECTIONS.shortLinks).doc(linkId), {
        clicks: FieldValue.increment(1),
        lastOpenedAt: ts(now()),
      });
      addStats(viewed, deps.db, now(), { link_views: 1 });
      await viewed.commit();
      const settings = await deps.settings.get();
      const actions = actionsBlock(resolved.value, {
        now: now(),
        highlight: c.req.query('action'),
        notice: c.req.query('reponse'),
        nonce: () => crypto.randomUUID(),
      });
      // The page's independent reads, together.
      const [survey, view, photos] = await Promise.all([
        surveyBlock(deps.db, {
          ticketId: resolved.value.ticketId,
          linkId,
          reviewUrl: settings.reviewUrl,
          nonce: () => crypto.randomUUID(),
        }),
        viewOf(resolved.value),
        photosBlock(deps.db, deps.media, resolved.value.ticketId, now()),
      ]);
      return html(c, 200, renderLandingPage(view, savedNotice(c), survey, actions, photos));
    })
    .post('/:linkId/note', async (c) => {
      // The same protection as the consent form: a form posted from another site is refused.
      const linkId = c.req.param('linkId');
      const link = await openForForm(c, linkId);
      if (link instanceof Response) return link;
      const form = zSurveyForm.safeParse(await c.req.parseBody());
      if (!form.success || !(await surveySent(deps.db, link.ticketId))) {
        return html(
          c,
          400,
          renderProblemPage(
            'Note non enregistrée',
            'Votre note n’a pas pu être lue. Réessayez depuis la page de votre dossier.',
          ),
        );
      }
      take(writesPerIp, c.var.ipHash);
      take(writesPerOwner, `link:${link.linkId}`);
      const settings = await deps.settings.get();
      const owner = ownerOfLink(link);
      await recordSatisfactionAnswer(deps.db, {
        ticketId: link.ticketId,
        score: form.data.score,
        source: { via: 'web', nonce: form.data.nonce, linkId },
        customerId: owner.customerId,
        clientId: owner.clientId,
        e164: conversationNumber(owner.phone, settings.core.defaultCountry),
        at: now(),
      });
      // Post, then redirect: a reload never posts twice. Relative to /t/<id>/note.
      return c.redirect(`../${encodeURIComponent(linkId)}#titre-avis`, 303);
    })
    .post('/:linkId/action', async (c) => {
      // A customer action (issue 16): the page's protection, then core decides in the writer.
      const linkId = c.req.param('linkId');
      const link = await openForForm(c, linkId);
      if (link instanceof Response) return link;
      take(writesPerIp, c.var.ipHash);
      take(writesPerOwner, `link:${link.linkId}`);
      const form = zActionForm.safeParse(await c.req.parseBody());
      if (!form.success) {
        return html(
          c,
          400,
          renderProblemPage(
            'Réponse non enregistrée',
            'Votre réponse n’a pas pu être lue. Réessayez depuis la page de votre dossier.',
          ),
        );
      }
      const { clientId, customerId } = ownerOfLink(link);
      const notice = await recordWebAction(deps.db, {
        link,
        form: form.data,
        actor: { clientId, customerId },
        ipHash: c.var.ipHash,
        at: now(),
      });
      // Post, then redirect: a reload never posts twice. Relative to /t/<id>/action.
      return c.redirect(`../${encodeURIComponent(linkId)}?reponse=${notice}#actions`, 303);
    })
    .post('/:linkId', async (c) => {
      const linkId = c.req.param('linkId');
      const opened = await openForForm(c, linkId);
      if (opened instanceof Response) return opened;
      const form = zForm.safeParse(await c.req.parseBody());
      if (!form.success) {
        return html(
          c,
          400,
          renderLandingPage(await viewOf(opened), {
            kind: 'error',
            message: 'Votre choix n’a pas pu être lu. Réessayez depuis cette page.',
          }),
        );
      }
      const result = await applyForLink(c, opened, [form.data]);
      const flag = result.suppressionKept
        ? `${form.data.channel}-stop`
        : `${form.data.channel}-${form.data.granted ? 'on' : 'off'}`;
      // Post, then redirect: a reload never posts twice. Relative to /t/<id>.
      return c.redirect(`${encodeURIComponent(linkId)}?enregistre=${flag}`, 303);
    });

  const app = new Hono<Env>()
    .use(
      bodyLimit({
        maxSize: 16 * 1024,
        onError: () => {
          throw new ApiError(413, 'body_too_large', 'Requête trop volumineuse (16 Ko au plus).');
        },
      }),
    )
    .use(identify)
    .route('/api/public', json)
    .route('/t', pages)
    .route(
      '/m',
      mediaRoutes(
        () => deps.media,
        now,
        (c) => take(refusalsPerIp, c.get('ipHash') as string),
      ),
    );
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { code: 'not_found', message: 'Route inconnue.' } }, 404)
      : html(c, 404, renderRefusalPage('unknown')),
  );
  app.onError((error, c) => {
    const retryAfter = (error as { retryAfter?: number }).retryAfter;
    if (retryAfter) c.header('retry-after', String(retryAfter));
    if (!c.req.path.startsWith('/api/') && error instanceof ApiError) {
      const status = error.status === 429 ? 429 : 400;
      return html(c, status, renderProblemPage('Demande refusée', error.message));
    }
    return onApiError(error, c);
  });
  return app;
}

/** A form posted from this page's own origin (or with no Origin header, as older browsers do). */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  return !(origin && origin !== 'null' && host && new URL(origin).host !== host);
}

function savedNotice(c: Context): SavedNotice | null {
  const flag = c.req.query('enregistre');
  const match = flag ? /^(email|sms|whatsapp|push)-(on|off|stop)$/.exec(flag) : null;
  if (!match) return null;
  const channel = match[1] as string;
  if (match[2] === 'stop') return { kind: 'twilio_opt_out', channel };
  return { kind: 'saved', channel, granted: match[2] === 'on' };
}

/** The customer API's type (Hono's typed client). */
export type CustomerApi = ReturnType<typeof createCustomerApi>;
