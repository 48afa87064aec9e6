import type { EventPublisher } from '../domain/ports/event-publisher.js';
import type { TicketEvent } from '../domain/ticket-event.js';

/** Until notifications land, events are logged so an operator can follow what happened. */
export class LogEventPublisher implements EventPublisher {
  constructor(private readonly log: (line: string) => void = (line) => console.log(line)) {}

  async publish(events: readonly TicketEvent[]): Promise<void> {
    for (const event of events) {
      this.log(`[guichet] ${event.type} #${event.number} tenant=${event.tenantId} by=${event.actor.id} ${event.from ?? '-'}→${event.to}`);
    }
  }
}
