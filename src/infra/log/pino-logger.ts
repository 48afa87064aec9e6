import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger } from '../../domain/ports/logger.js';
import { turnFields } from './turn-log-context.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Never written, whatever a caller passes: tokens and secrets wherever they sit, and the
 * text people typed (a message's `text`, a ticket's description), which is theirs, not the log's.
 */
const REDACTED = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'text',
  '*.text',
  'activity.text',
  'description',
  '*.description',
];

/**
 * An error as its name, message, code and stack only: pino's default copies every field,
 * and an HTTP client's error carries its request, outbound bearer token included.
 */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
    stack: error.stack,
  };
}

/** Lines through pino, each with the fields of the turn it is written in (turn-log-context). */
export class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  debug(fields: LogFields, message: string): void {
    this.write('debug', fields, message);
  }

  info(fields: LogFields, message: string): void {
    this.write('info', fields, message);
  }

  warn(fields: LogFields, message: string): void {
    this.write('warn', fields, message);
  }

  error(fields: LogFields, message: string): void {
    this.write('error', fields, message);
  }

  private write(level: 'debug' | 'info' | 'warn' | 'error', fields: LogFields, message: string): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const turn = turnFields();
    this.pino[level](turn ? { ...turn, ...fields } : { ...fields }, message);
  }
}

/** JSON lines on stdout (or `destination`, for tests), level names spelled out, ISO times. */
export function createPinoLogger(options: { level: LogLevel; destination?: DestinationStream }): PinoLogger {
  const base = pino(
    {
      name: 'guichet',
      level: options.level,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: errorFields },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // synchronous: the last lines before an exit (a start-up error) are not lost
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return new PinoLogger(base);
}
