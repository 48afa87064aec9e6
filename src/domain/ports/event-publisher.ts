import type { TicketEvent } from '../ticket-event.js';

/** Hands events to whoever reacts to them (notifications, channel cards, SLA timers). */
export interface EventPublisher {
  publish(events: readonly TicketEvent[]): Promise<void>;
}
