import { ActivityHandler, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import { resolveActor } from '../app/resolve-actor.js';
import type { Actor } from '../domain/actor.js';
import { languageOf, t } from '../views/i18n.js';
import { messageCard } from '../views/message.view.js';
import { asAttachment, renderMessageText } from '../views/render-card.js';
import { channelWelcomeCard, welcomeCard } from '../views/welcome.view.js';
import type { BotServices } from './bot-services.js';
import type { Card, CardActionHandler, CardOrigin } from './card-action.js';
import { adaptiveCardInvoke, searchInvoke } from './card-data.schemas.js';
import { addFollowup } from './handlers/add-followup.handler.js';
import { addTask } from './handlers/add-task.handler.js';
import { AlertLeadFormHandler } from './handlers/alert-lead-form.handler.js';
import { AlertLeadHandler } from './handlers/alert-lead.handler.js';
import { approve } from './handlers/approve.handler.js';
import { assign } from './handlers/assign.handler.js';
import { CallDraftHandler, searchPeople } from './handlers/call-draft.handler.js';
import { CancelDraftHandler } from './handlers/cancel-draft.handler.js';
import { close } from './handlers/close.handler.js';
import { comment } from './handlers/comment.handler.js';
import { CreateTicketAction, taskMessage, type MessageActionHandle } from './handlers/create-ticket-action.handler.js';
import { CreateTicketHandler } from './handlers/create-ticket.handler.js';
import { DeflectHandler } from './handlers/deflect.handler.js';
import { DeflectedFormHandler } from './handlers/deflected-form.handler.js';
import { KbEditArticleHandler, KbViewArticleHandler } from './handlers/kb-view-article.handler.js';
import { StatisticsPeriodHandler } from './handlers/statistics-period.handler.js';
import { DraftFromChatHandler } from './handlers/draft-from-chat.handler.js';
import { EditTaskFormHandler, EditTaskHandler } from './handlers/edit-task.handler.js';
import { EditTicketFormHandler, EditTicketHandler } from './handlers/edit-ticket.handler.js';
import { EscalateFormHandler } from './handlers/escalate-form.handler.js';
import { EscalateHandler } from './handlers/escalate.handler.js';
import { follow, unfollow } from './handlers/follow.handler.js';
import { ListTicketsHandler } from './handlers/list-tickets.handler.js';
import { rate } from './handlers/rate.handler.js';
import { RefreshTicketHandler } from './handlers/refresh-ticket.handler.js';
import { refuse } from './handlers/refuse.handler.js';
import { reopenFromSurvey } from './handlers/reopen-from-survey.handler.js';
import { reopen } from './handlers/reopen.handler.js';
import { resume } from './handlers/resume.handler.js';
import { SolveHandler } from './handlers/solve.handler.js';
import { KbSaveArticleHandler, KbSearchForTicketHandler, KbUseArticleHandler } from './handlers/kb-ticket.handler.js';
import { take } from './handlers/take.handler.js';
import { TicketCommandHandler, type TicketCommandSpec } from './handlers/ticket-command.handler.js';
import { ViewTicketHandler } from './handlers/view-ticket.handler.js';
import { wait } from './handlers/wait.handler.js';
import { isPersonal, type ChatIntent, type ChatTurn } from './intents/chat-intent.js';
import { channelLanguage, commandLanguage } from './intents/channel-language.js';
import { CHAT_INTENTS } from './intents/chat-intents.js';
import { chatMessageOf, COMMANDS, type ChatMessage } from './message-commands.js';
import { identityOf, type TurnIdentity } from './turn-identity.js';
import { PEOPLE_DATASET, SELF_IDEMPOTENT_VERBS, TECHNICIAN_DATASET } from './verbs.js';

/** A message that is exactly a command word (« alerts », « mes tickets ») speaks that word's language. */
const COMMAND_WORDS: ReadonlySet<string> = new Set(Object.values(COMMANDS).flatMap((command) => command.words));

/** Set on a turn that failed after the inbound dedupe claimed its activity (see create-app). */
export const TURN_FAILED = Symbol('guichet.turnFailed');

/** The invokes of « Créer un ticket » on a message (a message extension's action command). */
const MESSAGE_ACTION_INVOKES: ReadonlySet<string> = new Set(['composeExtension/fetchTask', 'composeExtension/submitAction']);

/**
 * Whether a redelivery of this activity could do something twice: false for searches
 * and for card actions whose verb is read-only or carries its own idempotency key.
 */
export function needsInboundDedupe(activity: Pick<Activity, 'type' | 'name' | 'value'>): boolean {
  if (activity.type !== 'invoke') return true;
  if (activity.name === 'application/search') return false;
  // the message action's dialog changes nothing, and its submit carries the draft id as intake key
  if (activity.name && MESSAGE_ACTION_INVOKES.has(activity.name)) return false;
  if (activity.name !== 'adaptiveCard/action') return true;
  const verb = (activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return !(typeof verb === 'string' && SELF_IDEMPOTENT_VERBS.has(verb));
}

const cardResponse = (card: Card): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
});

/**
 * The Teams conversation, a router: a message goes to the first chat intent that selects
 * it, a card click to its verb's handler. No business rule lives here.
 */
export class GuichetBot extends ActivityHandler {
  private readonly cardHandlers: ReadonlyMap<string, CardActionHandler>;
  private readonly messageActions: ReadonlyMap<string, MessageActionHandle>;

  constructor(private readonly services: BotServices) {
    super();
    const handlers: CardActionHandler[] = [
      new CreateTicketHandler(services),
      new CallDraftHandler(services),
      new CancelDraftHandler(),
      new ListTicketsHandler(services),
      new ViewTicketHandler(services),
      new RefreshTicketHandler(services),
      new DraftFromChatHandler(services),
      new DeflectHandler(services),
      new DeflectedFormHandler(services),
      new KbViewArticleHandler(services),
      new KbEditArticleHandler(services),
      new StatisticsPeriodHandler(services),
      new EscalateFormHandler(services),
      new EscalateHandler(services),
      new AlertLeadFormHandler(services),
      new AlertLeadHandler(services),
      new EditTicketFormHandler(services),
      new EditTicketHandler(services),
      new EditTaskFormHandler(services),
      new EditTaskHandler(services),
      new SolveHandler(services),
      new KbSearchForTicketHandler(services),
      new KbUseArticleHandler(services),
      new KbSaveArticleHandler(services),
      ...[take, assign, addFollowup, addTask, wait, resume, comment, approve, refuse, close, reopen, rate, reopenFromSurvey, follow, unfollow].map(
        (spec) => new TicketCommandHandler(spec as TicketCommandSpec<{ number: number; version: number }>, services),
      ),
    ];
    this.cardHandlers = new Map(handlers.map((handler) => [handler.verb, handler]));
    const createTicketAction = new CreateTicketAction(services);
    this.messageActions = new Map<string, MessageActionHandle>([
      ['composeExtension/fetchTask', async (turn) => createTicketAction.fetchTask(turn)],
      ['composeExtension/submitAction', (turn) => createTicketAction.submitAction(turn)],
    ]);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      // a team's channel is shared: its welcome speaks the helpdesk's language, not the installer's
      const inChannel = context.activity.conversation?.conversationType === 'channel';
      await this.send(
        context,
        inChannel ? channelWelcomeCard(languageOf(this.services.channelLocale)) : welcomeCard((await this.identify(context)).language),
      );
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
    if (context.activity.name === 'application/search') return this.handleSearch(context);
    const messageAction = this.messageActions.get(context.activity.name ?? '');
    if (messageAction) return this.handleMessageAction(context, messageAction);
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const { language: fallback } = identityOf(context);
    try {
      const identity = await this.identify(context);
      const { language } = identity;
      const invoke = adaptiveCardInvoke.safeParse(context.activity.value);
      if (!invoke.success) return cardResponse(messageCard(language, 'error.badData', 'error'));
      if (!identity.userId) return cardResponse(messageCard(language, 'error.noIdentity', 'error'));
      const handler = this.cardHandlers.get(invoke.data.action.verb);
      if (!handler) return cardResponse(messageCard(language, 'error.unknownAction', 'error'));
      const actor = await this.actorOf(identity, identity.userId);
      await this.remember(context);
      const origin = originOf(context);
      return cardResponse(await handler.handle({ identity, actor, data: invoke.data.action.data, origin }));
    } catch (error) {
      this.services.logger?.error({ err: error }, 'card action failed');
      // the inbound dedupe must let Teams' retry through: nothing was done
      context.turnState.set(TURN_FAILED, true);
      return cardResponse(messageCard(fallback, 'error.internal', 'error'));
    }
  }

  /** A message extension's dialog: who asks is checked here, the handler answers with the task module. */
  private async handleMessageAction(context: TurnContext, handle: MessageActionHandle): Promise<InvokeResponse> {
    const { language: fallback } = identityOf(context);
    try {
      const identity = await this.identify(context);
      if (!identity.userId) return { status: 200, body: taskMessage(t(identity.language, 'error.noIdentity')) };
      const actor = await this.actorOf(identity, identity.userId);
      await this.remember(context);
      return { status: 200, body: await handle({ identity, actor, value: context.activity.value }) };
    } catch (error) {
      this.services.logger?.error({ err: error }, 'message action failed');
      context.turnState.set(TURN_FAILED, true);
      return { status: 200, body: taskMessage(t(fallback, 'error.internal')) };
    }
  }

  /** The typeaheads (`Data.Query`): « Assigner… » (technicians of the searcher's groups), the call draft's caller (the directory); staff only. */
  private async handleSearch(context: TurnContext): Promise<InvokeResponse> {
    const identity = identityOf(context);
    const parsed = searchInvoke.safeParse(context.activity.value);
    let results: readonly { id: string; name: string }[] = [];
    try {
      if (parsed.success && identity.userId) {
        const actor = await this.actorOf(identity, identity.userId);
        const top = parsed.data.queryOptions?.top ?? 15;
        if (parsed.data.dataset === TECHNICIAN_DATASET) {
          results = await this.services.searchTechnicians.execute(identity.tenantId, actor, parsed.data.queryText, top);
        } else if (parsed.data.dataset === PEOPLE_DATASET) {
          results = await searchPeople(this.services, identity.tenantId, actor, parsed.data.queryText, top);
        }
      }
    } catch (error) {
      this.services.logger?.error({ err: error }, 'typeahead search failed');
    }
    return {
      status: 200,
      body: {
        type: 'application/vnd.microsoft.search.searchResponse',
        value: { results: results.map((person) => ({ title: person.name, value: person.id })) },
      },
    };
  }

  /** The first chat intent that selects the message handles it (intents/chat-intents.ts). */
  private async handleMessage(context: TurnContext): Promise<void> {
    const message = chatMessageOf(context.activity.text, context.activity.conversation?.conversationType);
    for (const intent of CHAT_INTENTS) {
      const match = intent.select(message);
      if (match !== null) return this.runIntent(context, intent, message, match);
    }
  }

  /** Where the intent may be used and who it answers are checked here, once for all of them. */
  private async runIntent(context: TurnContext, intent: ChatIntent<unknown>, message: ChatMessage, match: unknown): Promise<void> {
    this.services.annotateTurn?.({ intent: intent.name });
    // stored first: the language this message is written in is kept beside the reference
    await this.remember(context);
    const person = await this.identify(context);
    // a channel is shared: a command there speaks its own words' language, else the helpdesk's
    const identity =
      message.conversationType === 'channel' ? { ...person, language: channelLanguage(message.key, this.services.channelLocale, (text) => this.services.chooseLanguage.clearLanguageOf(text)) } : person;
    const { language } = identity;
    if (intent.where === 'personal' && !isPersonal(message)) return this.send(context, messageCard(language, 'notice.personalOnly'));
    if (intent.where === 'channel' && message.conversationType !== 'channel') {
      return this.send(context, messageCard(language, 'notice.channelOnly'));
    }
    if (!identity.userId && !intent.anonymous) return this.send(context, messageCard(language, 'error.noIdentity', 'error'));
    let actor: Actor = { id: '', name: identity.userName, roles: ['requester'], groupIds: [] };
    if (identity.userId) actor = await this.actorOf(identity, identity.userId);
    const turn: ChatTurn = {
      services: this.services,
      identity,
      actor,
      message,
      send: async (card) => (await context.sendActivity({ attachments: [asAttachment(card)] }))?.id,
      sendText: async (text) => {
        await context.sendActivity(renderMessageText(text));
      },
      conversationReference: () => channelReferenceOf(context),
    };
    await intent.handle(turn, match);
  }

  /**
   * identityOf + the language to answer in (ChooseLanguage.answerFor decides; the bot only reads the
   * message and whether it is exactly a command word, whose language is its own).
   */
  private async identify(context: TurnContext): Promise<TurnIdentity> {
    const identity = identityOf(context);
    if (!identity.userId) return identity;
    const text = context.activity.type === 'message' && typeof context.activity.text === 'string' ? context.activity.text : '';
    const key = chatMessageOf(text, undefined).key;
    const command = COMMAND_WORDS.has(key) ? commandLanguage(key) : null;
    const language = await this.services.chooseLanguage.answerFor(identity.tenantId, identity.userId, { text, command, locale: identity.language });
    return { ...identity, language };
  }


  private actorOf(identity: TurnIdentity, userId: string): Promise<Actor> {
    return resolveActor(this.services.staff, identity.tenantId, { id: userId, name: identity.userName });
  }

  private async send(context: TurnContext, card: Card): Promise<void> {
    await context.sendActivity({ attachments: [asAttachment(card)] });
  }

  /** Only personal chats identify one user to reach later; channels are linked per group. */
  private async remember(context: TurnContext): Promise<void> {
    const identity = identityOf(context);
    const type = context.activity.conversation?.conversationType;
    if (!identity.userId || (type && type !== 'personal')) return;
    await this.services.rememberConversation.execute({
      tenantId: identity.tenantId,
      userId: identity.userId,
      userName: identity.userName,
      locale: identity.locale,
      timeZone: identity.timeZone ?? null,
      reference: referenceOf(context),
      updatedAt: new Date(),
    });
  }
}

const REFERENCE = Symbol('guichet.conversationReference');

/**
 * A plain copy of the turn's conversation reference, built once per turn. Callers get
 * their own top-level object (channelReferenceOf replaces `conversation`); nested
 * objects are shared and never changed in place.
 */
function referenceOf(context: TurnContext): Record<string, unknown> {
  let reference = context.turnState.get(REFERENCE) as Record<string, unknown> | undefined;
  if (!reference) {
    const full = TurnContext.getConversationReference(context.activity);
    delete full.activityId;
    reference = plainCopy(full) as Record<string, unknown>;
    context.turnState.set(REFERENCE, reference);
  }
  return { ...reference };
}

/** What a JSON round trip would give (no undefined, no functions, dates as ISO text), without the text. */
function plainCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined || typeof item === 'function' ? null : plainCopy(item)));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && typeof item !== 'function') copy[key] = plainCopy(item);
  }
  return copy;
}

/**
 * In a channel, a message's conversation id ends with `;messageid=…` (its thread).
 * New tickets must start new posts, so the channel itself is what gets linked.
 */
function channelReferenceOf(context: TurnContext): Record<string, unknown> {
  const reference = referenceOf(context) as { conversation?: { id?: string } };
  if (reference.conversation?.id) {
    reference.conversation = { ...reference.conversation, id: reference.conversation.id.split(';')[0] };
  }
  return reference as Record<string, unknown>;
}

function originOf(context: TurnContext): CardOrigin {
  return {
    conversationType: context.activity.conversation?.conversationType,
    activityId: context.activity.replyToId,
    reference: referenceOf(context),
  };
}
