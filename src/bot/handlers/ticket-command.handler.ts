import type { z } from 'zod';
import type { TicketCommand } from '../../domain/ticket-command.js';
import type { MessageKey } from '../../views/i18n.js';
import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { ticketResponse } from '../ticket-response.js';
import type { Verb } from '../verbs.js';

type ChangeCommand = Exclude<TicketCommand, { type: 'create' }>;

/** What a verb's data means: a lifecycle command, or a localized reason it cannot be one. */
export type CommandOf<T> = (
  data: T,
  services: BotServices,
  context: CardActionContext,
) => ChangeCommand | { readonly refused: MessageKey } | Promise<ChangeCommand | { readonly refused: MessageKey }>;

export interface TicketCommandSpec<T extends { number: number; version: number }> {
  readonly verb: Verb;
  readonly schema: z.ZodType<T>;
  readonly command: CommandOf<T>;
  /** additions (a requester's comment) never conflict with what happened since the card was shown */
  readonly ignoreStaleCard?: boolean;
}

/**
 * The shape every button on a ticket card shares: parse the card data, run the command
 * on the version the card showed, answer with the ticket as it now is. Each verb is one
 * handler built from its spec (see the `*.handler.ts` files next to this one).
 */
export class TicketCommandHandler<T extends { number: number; version: number }> implements CardActionHandler {
  readonly verb: Verb;

  constructor(
    private readonly spec: TicketCommandSpec<T>,
    private readonly services: BotServices,
  ) {
    this.verb = spec.verb;
  }

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor } = context;
    const parsed = this.spec.schema.safeParse(context.data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const command = await this.spec.command(parsed.data, this.services, context);
    if ('refused' in command) return messageCard(identity.language, command.refused, 'error');
    const { number, version } = parsed.data;
    const seen = this.spec.ignoreStaleCard ? null : version;
    const result = await this.services.changeTicket.execute(identity.tenantId, actor, number, seen, command);
    return ticketResponse(this.services, context, number, result, 'notice.saved', command.type === 'take');
  }
}
