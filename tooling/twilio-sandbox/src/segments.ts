import { SegmentedMessage } from 'sms-segments-calculator';

/** How an SMS body is encoded and billed, measured by Twilio's own calculator. */
export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Characters the calculator had to leave outside GSM-7 (after Smart Encoding, if on). */
  nonGsmCharacters: string[];
}

/** Measures a body with `sms-segments-calculator` (Twilio's), emulating `SmartEncoded` when asked. */
export function measureBody(body: string, smartEncoded: boolean): SegmentInfo {
  const message = new SegmentedMessage(body, 'auto', smartEncoded);
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    nonGsmCharacters: message.getNonGsmCharacters(),
  };
}
