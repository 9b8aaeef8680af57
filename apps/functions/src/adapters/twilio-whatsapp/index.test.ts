import { describe, expect, it } from 'vitest';
import type { WhatsAppMessage } from '../port.ts';
import { whatsappCreateParams } from './index.ts';

const base: WhatsAppMessage = {
  channel: 'whatsapp',
  notificationId: 'T1_whatsapp_abc',
  to: '+33612345678',
  sender: { from: '+14155238886' },
  statusCallback: 'https://edge.example/twilio/status?n=T1_whatsapp_abc#rc=3&rp=ct,rt,5xx',
  content: { mode: 'free_text', body: 'Votre iPhone est prêt' },
};

describe('whatsappCreateParams', () => {
  it('addresses both ends with whatsapp: and sends the body inside the window', () => {
    expect(whatsappCreateParams(base)).toEqual({
      to: 'whatsapp:+33612345678',
      from: 'whatsapp:+14155238886',
      statusCallback: base.statusCallback,
      body: 'Votre iPhone est prêt',
    });
  });

  it('sends only ContentSid and ContentVariables (a JSON string) outside the window', () => {
    const params = whatsappCreateParams({
      ...base,
      content: {
        mode: 'template',
        contentSid: 'HX123',
        variables: { '1': 'iPhone 13', '2': 'OM-1' },
      },
    });
    expect(params.contentSid).toBe('HX123');
    expect(JSON.parse(params.contentVariables ?? '')).toEqual({ '1': 'iPhone 13', '2': 'OM-1' });
    expect(params).not.toHaveProperty('body');
  });

  it('keeps an already-prefixed sender and lets a Messaging Service pick the sender', () => {
    expect(whatsappCreateParams({ ...base, sender: { from: 'whatsapp:+1415' } }).from).toBe(
      'whatsapp:+1415',
    );
    const viaService = whatsappCreateParams({ ...base, sender: { messagingServiceSid: 'MG9' } });
    expect(viaService.messagingServiceSid).toBe('MG9');
    expect(viaService).not.toHaveProperty('from');
  });
});
