import type { Actor } from '../domain/actor.js';
import type { TurnIdentity } from './turn-identity.js';
import type { Verb } from './verbs.js';

export type Card = Record<string, unknown>;

export interface CardActionContext {
  readonly identity: TurnIdentity;
  /** the authenticated user, resolved against the staff directory */
  readonly actor: Actor;
  /** raw `action.data` (inputs merged in): untrusted until the handler's schema parses it */
  readonly data: Record<string, unknown>;
  /** where the clicked card sits, so the card shown in return can be kept up to date */
  readonly origin: CardOrigin;
}

export interface CardOrigin {
  readonly conversationType: string | undefined;
  /** the clicked card's activity id (Teams puts it in `replyToId`) */
  readonly activityId: string | undefined;
  readonly reference: Record<string, unknown>;
}

/** One handler per card verb; it answers with the card that replaces the clicked one. */
export interface CardActionHandler {
  readonly verb: Verb;
  handle(context: CardActionContext): Promise<Card>;
}
