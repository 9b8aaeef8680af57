import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { start, type TwilioSandbox } from '../src/index.ts';
import { CUSTOMER, sdkFor } from './sdk.ts';

let sandbox: TwilioSandbox;
let client: ReturnType<typeof sdkFor>;
const WA_FROM = 'whatsapp:+14155238886';

// The SDK sends ContentCreateRequest objects as-is; the wire format is snake_case.
const template = (name: string, body: string) =>
  ({
    friendly_name: name,
    language: 'fr',
    variables: { '1': 'appareil', '2': 'demain' },
    types: { 'twilio/text': { body } },
  }) as never;

beforeAll(async () => {
  sandbox = await start({ content: { approvalDelayMs: 1_500, rejectNames: ['promo_flash'] } });
  client = sdkFor(sandbox);
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe('Content API', () => {
  it('creates, fetches, lists and deletes templates', async () => {
    const created = await client.content.v1.contents.create(
      template('ready', 'Votre {{1}} est prêt'),
    );
    expect(created.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect(created.friendlyName).toBe('ready');
    expect(created.url).toBe(`https://content.twilio.com/v1/Content/${created.sid}`);
    expect(created.links.approval_fetch).toBe(
      `https://content.twilio.com/v1/Content/${created.sid}/ApprovalRequests`,
    );
    const fetched = await client.content.v1.contents(created.sid).fetch();
    expect(fetched.types).toEqual({ 'twilio/text': { body: 'Votre {{1}} est prêt' } });
    const second = await client.content.v1.contents.create(template('later', 'À {{2}}'));
    const listed = await client.content.v1.contents.list({ pageSize: 1 });
    expect(listed.map((c) => c.sid)).toEqual([second.sid, created.sid]);
    expect(await client.content.v1.contents(created.sid).remove()).toBe(true);
    await expect(client.content.v1.contents(created.sid).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('approves a WhatsApp approval request after the configured delay', async () => {
    const content = await client.content.v1.contents.create(
      template('ready', 'Votre {{1}} est prêt'),
    );
    const request = await client.content.v1
      .contents(content.sid)
      .approvalCreate.create({ name: 'repair_ready', category: 'UTILITY' });
    expect(request).toMatchObject({
      name: 'repair_ready',
      category: 'UTILITY',
      status: 'received',
      contentType: 'twilio/text',
    });
    const pending = await client.content.v1.contents(content.sid).approvalFetch().fetch();
    expect(pending.whatsapp).toMatchObject({ status: 'received' });
    // Poll past the configured delay (a loaded machine may be slow to answer).
    let decided = pending;
    for (
      let i = 0;
      i < 100 && (decided.whatsapp as { status?: string } | undefined)?.status === 'received';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      decided = await client.content.v1.contents(content.sid).approvalFetch().fetch();
    }
    expect(decided.whatsapp).toMatchObject({
      type: 'whatsapp',
      name: 'repair_ready',
      status: 'approved',
      rejection_reason: '',
    });
  });

  it('rejects a configured template name', async () => {
    const content = await client.content.v1.contents.create(template('promo', 'Promo {{1}}'));
    await client.content.v1
      .contents(content.sid)
      .approvalCreate.create({ name: 'promo_flash', category: 'MARKETING' });
    // Poll past the configured delay (a loaded machine may be slow to answer).
    let decided = await client.content.v1.contents(content.sid).approvalFetch().fetch();
    for (
      let i = 0;
      i < 100 && (decided.whatsapp as { status?: string } | undefined)?.status === 'received';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      decided = await client.content.v1.contents(content.sid).approvalFetch().fetch();
    }
    expect(decided.whatsapp).toMatchObject({ status: 'rejected' });
    expect(String(decided.whatsapp.rejection_reason)).not.toBe('');
  });

  it('renders ContentSid sends with ContentVariables, falling back to the template defaults', async () => {
    const content = await client.content.v1.contents.create(
      template('ready', 'Votre {{1}} est prêt, passez {{2}}'),
    );
    const sent = await client.messages.create({
      to: `whatsapp:${CUSTOMER}`,
      from: WA_FROM,
      contentSid: content.sid,
      contentVariables: JSON.stringify({ 1: 'iPhone 13' }),
    });
    expect(sent.body).toBe('Votre iPhone 13 est prêt, passez demain');
    expect(sandbox.message(sent.sid)?.contentSid).toBe(content.sid);
  });

  it('rejects an unknown ContentSid (21655) and malformed ContentVariables (21656)', async () => {
    const content = await client.content.v1.contents.create(template('ready', 'x {{1}}'));
    await expect(
      client.messages.create({ to: CUSTOMER, from: 'OMEGA', contentSid: `HX${'0'.repeat(32)}` }),
    ).rejects.toMatchObject({ status: 400, code: 21655 });
    await expect(
      client.messages.create({
        to: CUSTOMER,
        from: 'OMEGA',
        contentSid: content.sid,
        contentVariables: '{not json',
      }),
    ).rejects.toMatchObject({ status: 400, code: 21656 });
  });

  it('requires language and types', async () => {
    await expect(
      client.content.v1.contents.create({ friendly_name: 'x' } as never),
    ).rejects.toMatchObject({ status: 400 });
  });
});
