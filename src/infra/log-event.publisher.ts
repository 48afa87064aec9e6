import type { EventPublisher } from '../domain/ports/event-publisher.js';
import { silentLogger, type Logger } from '../domain/ports/logger.js';
import type { TicketEvent } from '../domain/ticket-event.js';

/** Every ticket event as one info line, so an operator can follow what happened (never its note: people's text). */
export class LogEventPublisher implements EventPublisher {
  private readonly logger: Logger;

  /** @param logger a logger, or a function given each line's sentence (benchmarks count them) */
  constructor(logger: Logger | ((line: string) => void) = silentLogger) {
    this.logger = typeof logger === 'function' ? lineLogger(logger) : logger;
  }

  async publish(events: readonly TicketEvent[]): Promise<void> {
    for (const event of events) {
      this.logger.info(
        { event: event.type, ticket: event.number, tenant: event.tenantId, actor: event.actor.id, from: event.from, to: event.to },
        `${event.type} #${event.number} ${event.from ?? '-'}→${event.to}`,
      );
    }
  }
}

const lineLogger = (write: (line: string) => void): Logger => ({
  debug: (_fields, message) => write(message),
  info: (_fields, message) => write(message),
  warn: (_fields, message) => write(message),
  error: (_fields, message) => write(message),
});
