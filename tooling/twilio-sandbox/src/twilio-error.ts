/** Twilio's REST error body: `{ code, message, more_info, status }`. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** What a route handler answers; the router writes it to the socket. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Builds a Twilio-shaped error response. */
export function twilioError(status: number, code: number, message: string): ApiResponse {
  const body: TwilioErrorBody = {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  };
  return { status, body };
}

/** 404 with code 20404, worded like Twilio. */
export function notFound(path: string): ApiResponse {
  return twilioError(404, 20404, `The requested resource ${path} was not found`);
}
