import { Counter, Gauge, Registry } from 'prom-client';

/** What the gauges read at each scrape (never computed in between). */
export interface LagSources {
  /** how late the most overdue notification is */
  outboxLagMs(): Promise<number>;
  /** how long since the clock last finished a tick, past its interval */
  clockLagMs(): number;
}

/** How a queued notification ended one attempt, as the dispatcher records it. */
export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/** How a card click ended: it changed a ticket, it was answered without a change (a form, a view, a refusal), or it failed. */
export type CardActionOutcome = 'changed' | 'unchanged' | 'failed';

/**
 * Every Prometheus metric Guichet exposes, in a registry of its own (several apps in one
 * test process never share counters). Labels are bounded: verbs are the bot's own, never
 * what a request claims.
 */
export class PromMetrics {
  readonly registry = new Registry();
  private readonly ticketsCreated = new Counter({
    name: 'guichet_tickets_created_total',
    help: 'Tickets opened (chat form, call draft, message action)',
    registers: [this.registry],
  });
  private readonly cardActions = new Counter({
    name: 'guichet_card_actions_total',
    help: 'Card clicks (Action.Execute) by verb and outcome: changed, unchanged (form, view or refusal), failed',
    labelNames: ['verb', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly notifications = new Counter({
    name: 'guichet_notifications_total',
    help: 'Notification attempts by outcome: sent, skipped (nowhere to post), retried, failed (given up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly throttled = new Counter({
    name: 'guichet_connector_throttled_total',
    help: '429 Too Many Requests answers received from the Bot Connector',
    registers: [this.registry],
  });

  constructor(
    private readonly knownVerbs: ReadonlySet<string>,
    sources: LagSources,
  ) {
    new Gauge({
      name: 'guichet_outbox_lag_seconds',
      help: 'How late the most overdue notification is (0: none due)',
      registers: [this.registry],
      async collect() {
        this.set((await sources.outboxLagMs()) / 1000);
      },
    });
    new Gauge({
      name: 'guichet_clock_lag_seconds',
      help: "How long the ticket clock's last tick is overdue, past its interval (0: on time)",
      registers: [this.registry],
      collect() {
        this.set(sources.clockLagMs() / 1000);
      },
    });
  }

  ticketCreated(): void {
    this.ticketsCreated.inc();
  }

  cardAction(verb: string, outcome: CardActionOutcome): void {
    this.cardActions.inc({ verb: this.knownVerbs.has(verb) ? verb : 'unknown', outcome });
  }

  delivery(outcome: DeliveryOutcome, statusCode: number | null): void {
    this.notifications.inc({ outcome: outcome === 'retry' ? 'retried' : outcome });
    if (statusCode === 429) this.throttled.inc();
  }

  /** The text format Prometheus scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
