import { createPinoLogger, type LogLevel } from '../../src/infra/log/pino-logger.js';

export interface CapturedLogs {
  /** the production logger (pino, redaction and all), writing here instead of stdout */
  readonly logger: ReturnType<typeof createPinoLogger>;
  /** everything written, as written */
  text(): string;
  /** each line parsed */
  entries(): Record<string, unknown>[];
  /** each line's sentence */
  messages(): string[];
  clear(): void;
}

/**
 * The app's own logger with its output kept in memory, for assertions on the whole of it;
 * `onEntry` sees each line as it is written (parsed).
 */
export function captureLogs(level: LogLevel = 'debug', onEntry?: (entry: Record<string, unknown>) => void): CapturedLogs {
  const chunks: string[] = [];
  const write = (chunk: string) => {
    chunks.push(chunk);
    for (const line of chunk.split('\n')) if (line !== '') onEntry?.(JSON.parse(line) as Record<string, unknown>);
  };
  const logger = createPinoLogger({ level, destination: { write } });
  const entries = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text: () => chunks.join(''),
    entries,
    messages: () => entries().map((entry) => String(entry.msg)),
    clear: () => void (chunks.length = 0),
  };
}
