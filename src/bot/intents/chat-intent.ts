import type { Actor } from '../../domain/actor.js';
import type { BotServices } from '../bot-services.js';
import type { Card } from '../card-action.js';
import type { ChatMessage } from '../message-commands.js';
import type { TurnIdentity } from '../turn-identity.js';

/** One chat turn as an intent sees it: who speaks, what they said, how to answer. */
export interface ChatTurn {
  readonly services: BotServices;
  /** with the language the user chose */
  readonly identity: TurnIdentity;
  /** the authenticated user; a roleless requester for the intents that answer anyone */
  readonly actor: Actor;
  readonly message: ChatMessage;
  /** posts a card in this conversation; its activity id, when Teams gives one */
  send(card: Card): Promise<string | undefined>;
  sendText(text: string): Promise<void>;
  /** this conversation, to reach it again (a channel's, not the thread's) */
  conversationReference(): Record<string, unknown>;
}

/**
 * A chat command: `select` says whether this message is for it (and what it asked),
 * `handle` calls the use case and answers. Routes are tried in the order of the table
 * (chat-intents.ts); the first that selects the message handles it.
 */
export interface ChatIntent<Match = true> {
  readonly name: string;
  /** the match (e.g. a ticket number), or null when the message is not for this intent */
  select(message: ChatMessage): Match | null;
  handle(turn: ChatTurn, match: Match): Promise<void>;
  /**
   * where it may be used: `personal` (forms and one person's data would be everyone's in a
   * shared chat), `channel` (linking the conversation it is typed in); anywhere by default
   */
  readonly where?: 'personal' | 'channel';
  /** answered even when Teams sends no Entra identity (help) */
  readonly anonymous?: boolean;
}

export const isPersonal = (message: ChatMessage): boolean =>
  message.conversationType === undefined || message.conversationType === 'personal';
