import type { z } from 'zod';
import type { Result } from '../../domain/result.js';
import type { TicketCommand } from '../../domain/ticket-command.js';
import type { Ticket } from '../../domain/ticket.js';
import type { TypedInput } from '../../views/ticket.view.js';
import type { MessageKey } from '../../views/i18n.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { listRef, typedInput } from '../card-data.schemas.js';
import { fromDigest, ticketResponse } from '../ticket-response.js';
import { VERBS, type Verb } from '../verbs.js';

type ChangeCommand = Exclude<TicketCommand, { type: 'create' }>;

/** Runs what a click asks for on ticket `data.number`; `seenVersion` null means "whatever it is now". */
export type RunChange<T> = (data: T, services: BotServices, context: CardActionContext, seenVersion: number | null) => Promise<Result<Ticket>>;

export interface TicketCommandSpec<T extends { number: number; version: number }> {
  readonly verb: Verb;
  readonly schema: z.ZodType<T>;
  readonly run: RunChange<T>;
  /**
   * an addition (a followup, a comment, a task) conflicts with nothing that happened since
   * the card was shown: it is applied to the ticket as it now is
   */
  readonly addition?: boolean;
  /** what the answering card says when it worked, possibly after the changed ticket (default: « C’est fait. ») */
  readonly successNotice?: MessageKey | ((ticket: Ticket) => MessageKey);
}

/** The usual run: one lifecycle command through the ChangeTicket use case. */
export const change =
  <T extends { number: number }>(commandOf: (data: T, services: BotServices, context: CardActionContext) => ChangeCommand): RunChange<T> =>
  (data, services, context, seenVersion) =>
    services.changeTicket.execute(context.identity.tenantId, context.actor, data.number, seenVersion, commandOf(data, services, context));

/**
 * The shape every button on a ticket card shares: parse the card data, run the change
 * on the version the card showed (or on the current one, for additions), answer with the
 * ticket as it now is. Each verb is one spec (see the `*.handler.ts` files next to this one).
 */
export class TicketCommandHandler<T extends { number: number; version: number }> implements CardActionHandler {
  readonly verb: Verb;

  constructor(
    private readonly spec: TicketCommandSpec<T>,
    private readonly services: BotServices,
  ) {
    this.verb = spec.verb;
  }

  private successNotice(result: Result<Ticket>): MessageKey {
    const notice = this.spec.successNotice ?? 'notice.saved';
    if (typeof notice === 'string') return notice;
    return result.ok ? notice(result.value) : 'notice.saved';
  }

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = this.spec.schema.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const { number, version } = parsed.data;
    // « Prendre » on a digest: its line may show an older version for a change it does not show
    // (a note); a second take is refused by the domain anyway (TICKET.ALREADY_TAKEN)
    const current = this.spec.addition || (this.verb === VERBS.take && fromDigest(context));
    const result = await this.spec.run(parsed.data, this.services, context, current ? null : version);
    const back = listRef.safeParse(context.data);
    // applied on a card that had gone stale: say the card now shows what happened meanwhile
    const staleAddition = result.ok && result.value.version !== version + 1;
    return ticketResponse(this.services, context, number, result, {
      successNotice: staleAddition ? 'notice.savedOnChanged' : this.successNotice(result),
      ...(back.success ? { back: back.data } : {}),
      typed: typedOf(context.data),
      wasTake: this.verb === VERBS.take,
    });
  }
}

/** What was typed on the clicked card, to put back if the action is refused. */
function typedOf(data: Record<string, unknown>): TypedInput {
  const parsed = typedInput.safeParse(data);
  if (!parsed.success) return {};
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as TypedInput;
}
