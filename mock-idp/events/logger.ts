/**
 * The IdP's pino logger. Events already carry only fingerprints; redaction is
 * the second line of defence for anything else that could hold a token.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  'res.headers["set-auth-token"]',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.sessionToken',
  '*.password',
  // Fastify logs a request Node's HTTP parser refused with the error, whose rawPacket is the request's own bytes.
  'err.rawPacket',
];

export function createIdpLogger(options: { level: LevelWithSilent; destination?: DestinationStream }): Logger {
  return pino(
    { name: 'tokenstorm-idp', level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    options.destination,
  );
}
