import 'twilio';

export * from '../src/index.ts';
