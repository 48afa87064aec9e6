import type { Logger } from '../../domain/ports/logger.js';

/**
 * For the classes that report through a `(line) => void` hook (tests collect their lines):
 * each line becomes a log entry of `level`, without the `[guichet]` prefix the logger's name replaces.
 */
export function lineTo(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error'): (line: string) => void {
  return (line) => logger[level]({}, line.replace(/^\[guichet\]\s*/, ''));
}
