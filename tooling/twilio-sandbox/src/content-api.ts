import type { ContentRecord, ContentStore } from './content-store.ts';
import { toApprovalFetchJson, toApprovalJson, toContentJson } from './content-store.ts';
import { contentTypesProblem } from './content-types.ts';
import type { ResolvedOptions } from './options.ts';
import { readPageRequest, slicePage } from './paging.ts';
import type { Route, RouteContext } from './route.ts';
import type { Timers } from './timers.ts';
import { type ApiResponse, notFound, twilioError } from './twilio-error.ts';

/** What the Content routes work with. */
export interface ContentApiDeps {
  options: ResolvedOptions;
  contents: ContentStore;
  timers: Timers;
}

const SID = '(?<sid>HX[0-9a-fA-F]{32})';
const LIST = /^\/v1\/Content$/;
const ONE = new RegExp(`^/v1/Content/${SID}$`);
const APPROVAL_CREATE = new RegExp(`^/v1/Content/${SID}/ApprovalRequests/whatsapp$`);
const APPROVAL_FETCH = new RegExp(`^/v1/Content/${SID}/ApprovalRequests$`);
const ORIGIN = 'https://content.twilio.com';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

type Fields = Pick<ContentRecord, 'friendlyName' | 'language' | 'variables' | 'types'>;

/** Reads a ContentCreateRequest / ContentUpdateRequest JSON body (snake_case, as on the wire). */
function readFields(json: unknown): Fields | ApiResponse {
  if (!isRecord(json)) return twilioError(400, 20001, 'A JSON body is required');
  const { language, types } = json;
  if (typeof language !== 'string' || language === '') {
    return twilioError(400, 20001, "Missing required parameter 'language'");
  }
  if (!isRecord(types) || Object.keys(types).length === 0) {
    return twilioError(400, 20001, "Missing required parameter 'types'");
  }
  const problem = contentTypesProblem(types);
  if (problem) return twilioError(400, 20001, `Invalid parameter 'types': ${problem}`);
  return {
    friendlyName: typeof json.friendly_name === 'string' ? json.friendly_name : '',
    language,
    variables: stringMap(json.variables),
    types,
  };
}

function listContent(deps: ContentApiDeps, ctx: RouteContext): ApiResponse {
  const paging = readPageRequest(ctx.query);
  if (!paging) return twilioError(400, 20001, 'Invalid paging parameters');
  const page = slicePage(deps.contents.all(), (c) => c.sid, paging);
  const urlFor = (index: number, token: string | null) =>
    `${ORIGIN}/v1/Content?PageSize=${paging.pageSize}&Page=${index}${token ? `&PageToken=${token}` : ''}`;
  return {
    status: 200,
    body: {
      contents: page.items.map(toContentJson),
      meta: {
        first_page_url: urlFor(0, null),
        key: 'contents',
        next_page_url: page.nextToken ? urlFor(paging.page + 1, page.nextToken) : null,
        page: paging.page,
        page_size: paging.pageSize,
        previous_page_url:
          page.previousToken && paging.page > 0
            ? urlFor(paging.page - 1, page.previousToken)
            : null,
        url: urlFor(paging.page, paging.token),
      },
    },
  };
}

/** Submits a template for WhatsApp approval; decided after `approvalDelayMs`. */
function requestApproval(
  deps: ContentApiDeps,
  ctx: RouteContext,
  content: ContentRecord,
): ApiResponse {
  const json = ctx.json;
  if (!isRecord(json) || typeof json.name !== 'string' || typeof json.category !== 'string') {
    return twilioError(400, 20001, "Missing required parameters 'name' and 'category'");
  }
  const rejected = deps.options.content.rejectNames.includes(json.name);
  content.approval = {
    name: json.name,
    category: json.category,
    status: 'received',
    rejectionReason: '',
  };
  const approval = content.approval;
  deps.timers.after(deps.options.content.approvalDelayMs, () => {
    approval.status = rejected ? 'rejected' : 'approved';
    approval.rejectionReason = rejected
      ? 'Rejected by the sandbox: name listed in content.rejectNames'
      : '';
    content.dateUpdated = new Date();
  });
  return { status: 201, body: toApprovalJson(content) };
}

/** The Content API routes (v1): create, fetch, list, update, delete, WhatsApp approval. */
export function contentRoutes(deps: ContentApiDeps): Route[] {
  const withContent = (ctx: RouteContext, run: (c: ContentRecord) => ApiResponse): ApiResponse => {
    const content = deps.contents.get(ctx.groups.sid ?? '');
    return content ? run(content) : notFound(ctx.path);
  };
  return [
    {
      method: 'POST',
      pattern: LIST,
      kind: 'twilio',
      handle: (ctx) => {
        const fields = readFields(ctx.json);
        if ('status' in fields) return fields;
        const content = deps.contents.create({ ...fields, accountSid: deps.options.accountSid });
        return { status: 201, body: toContentJson(content) };
      },
    },
    { method: 'GET', pattern: LIST, kind: 'twilio', handle: (ctx) => listContent(deps, ctx) },
    {
      method: 'GET',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) => withContent(ctx, (c) => ({ status: 200, body: toContentJson(c) })),
    },
    {
      method: 'PUT',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) =>
        withContent(ctx, (c) => {
          const fields = readFields(ctx.json);
          if ('status' in fields) return fields;
          Object.assign(c, fields, { dateUpdated: new Date() });
          return { status: 200, body: toContentJson(c) };
        }),
    },
    {
      method: 'DELETE',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) =>
        withContent(ctx, (c) => {
          deps.contents.delete(c.sid);
          return { status: 204 };
        }),
    },
    {
      method: 'POST',
      pattern: APPROVAL_CREATE,
      kind: 'twilio',
      handle: (ctx) => withContent(ctx, (c) => requestApproval(deps, ctx, c)),
    },
    {
      method: 'GET',
      pattern: APPROVAL_FETCH,
      kind: 'twilio',
      handle: (ctx) => withContent(ctx, (c) => ({ status: 200, body: toApprovalFetchJson(c) })),
    },
  ];
}
