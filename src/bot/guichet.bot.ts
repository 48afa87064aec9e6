import { ActivityHandler, TurnContext, type InvokeResponse } from 'botbuilder';
import { resolveActor } from '../app/resolve-actor.js';
import { descriptionFromMessage, titleFromMessage } from '../domain/intake.js';
import { suggestCategory } from '../domain/category.js';
import { messageCard } from '../views/message.view.js';
import { asAttachment } from '../views/render-card.js';
import { EMPTY_FORM, ticketFormCard } from '../views/ticket-form.view.js';
import { ticketListCard, TICKETS_PER_PAGE } from '../views/ticket-list.view.js';
import { helpCard, welcomeCard } from '../views/welcome.view.js';
import type { BotServices } from './bot-services.js';
import type { Card, CardActionHandler } from './card-action.js';
import { adaptiveCardInvoke } from './card-data.schemas.js';
import { CancelDraftHandler } from './handlers/cancel-draft.handler.js';
import { CreateTicketHandler } from './handlers/create-ticket.handler.js';
import { ListTicketsHandler } from './handlers/list-tickets.handler.js';
import { ViewTicketHandler } from './handlers/view-ticket.handler.js';
import { intentOf } from './message-commands.js';
import { identityOf, type TurnIdentity } from './turn-identity.js';

const cardResponse = (card: Card): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});

/**
 * The Teams conversation: turns messages and card clicks into use-case calls and
 * answers with cards. No business rule lives here.
 */
export class GuichetBot extends ActivityHandler {
  private readonly cardHandlers: ReadonlyMap<string, CardActionHandler>;

  constructor(private readonly services: BotServices) {
    super();
    const handlers: CardActionHandler[] = [
      new CreateTicketHandler(services),
      new CancelDraftHandler(),
      new ListTicketsHandler(services),
      new ViewTicketHandler(services),
    ];
    this.cardHandlers = new Map(handlers.map((handler) => [handler.verb, handler]));

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await context.sendActivity({ attachments: [asAttachment(welcomeCard(identityOf(context).language))] });
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  /** The verbs this bot answers, so tests can check every card button has a handler. */
  get verbs(): readonly string[] {
    return [...this.cardHandlers.keys()];
  }

  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const identity = identityOf(context);
    const { language } = identity;
    const invoke = adaptiveCardInvoke.safeParse(context.activity.value);
    if (!invoke.success) return cardResponse(messageCard(language, 'error.badData', 'error'));
    if (!identity.userId) return cardResponse(messageCard(language, 'error.noIdentity', 'error'));
    const handler = this.cardHandlers.get(invoke.data.action.verb);
    if (!handler) return cardResponse(messageCard(language, 'error.unknownAction', 'error'));
    const actor = await resolveActor(this.services.staff, identity.tenantId, {
      id: identity.userId,
      name: identity.userName,
    });
    await this.remember(context);
    return cardResponse(await handler.handle({ identity, actor, data: invoke.data.action.data }));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const identity = identityOf(context);
    const { language } = identity;
    const intent = intentOf(context.activity.text);
    if (intent.kind === 'help') return this.send(context, helpCard(language));
    if (!identity.userId) return this.send(context, messageCard(language, 'error.noIdentity', 'error'));
    await this.remember(context);
    if (intent.kind === 'myTickets') return this.sendMyTickets(context, identity, identity.userId);
    const { categories } = this.services;
    const values =
      intent.kind === 'report'
        ? {
            ...EMPTY_FORM,
            title: titleFromMessage(intent.text),
            description: descriptionFromMessage(intent.text),
            category: suggestCategory(categories, intent.text) ?? '',
          }
        : EMPTY_FORM;
    return this.send(context, ticketFormCard(language, categories, values, this.services.newDraftId()));
  }

  private async sendMyTickets(context: TurnContext, identity: TurnIdentity, userId: string): Promise<void> {
    const actor = await resolveActor(this.services.staff, identity.tenantId, { id: userId, name: identity.userName });
    const page = await this.services.listMyTickets.execute(identity.tenantId, actor, 0, TICKETS_PER_PAGE);
    await this.send(context, ticketListCard(page, 0, identity.language, identity.timeZone));
  }

  private async send(context: TurnContext, card: Card): Promise<void> {
    await context.sendActivity({ attachments: [asAttachment(card)] });
  }

  /** Only personal chats identify one user to reach later; channels are handled per group. */
  private async remember(context: TurnContext): Promise<void> {
    const identity = identityOf(context);
    const type = context.activity.conversation?.conversationType;
    if (!identity.userId || (type && type !== 'personal')) return;
    const reference = TurnContext.getConversationReference(context.activity);
    delete reference.activityId;
    await this.services.rememberConversation.execute({
      tenantId: identity.tenantId,
      userId: identity.userId,
      userName: identity.userName,
      locale: identity.locale,
      reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
      updatedAt: new Date(),
    });
  }
}
