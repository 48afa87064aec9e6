import type { EventPublisher } from '../../domain/ports/event-publisher.js';
import type { TicketEvent } from '../../domain/ticket-event.js';
import { annotateTurn } from '../log/turn-log-context.js';
import type { PromMetrics } from './prom-metrics.js';

/**
 * Counts what the event stream says (tickets created) and marks the turn that published
 * (its later log lines name the events; a click that published changed a ticket), then
 * hands the events on.
 */
export class CountingEventPublisher implements EventPublisher {
  constructor(
    private readonly inner: EventPublisher,
    private readonly metrics: PromMetrics,
  ) {}

  async publish(events: readonly TicketEvent[]): Promise<void> {
    for (const event of events) if (event.type === 'TicketCreated') this.metrics.ticketCreated();
    if (events.length > 0) annotateTurn({ events: events.map((event) => event.type) });
    await this.inner.publish(events);
  }
}
