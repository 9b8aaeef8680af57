// Baseline for the benchmark: the classic Node setup, Express + twilio.webhook() validating
// the same signed status callbacks. Usage: tsx bench/express-server.ts <port> <authToken>
import express from 'express';
import twilio from 'twilio';

const [portArg, token] = process.argv.slice(2);
const app = express();
app.post(
  '/twilio/status',
  express.urlencoded({ extended: false, limit: '64kb' }),
  twilio.webhook(token ?? ''),
  (_req, res) => {
    res.status(204).end();
  },
);
app.listen(Number(portArg), '127.0.0.1', () => {
  console.log('ready');
});
