import type { TurnContext } from 'botbuilder';
import { t, type MessageKey } from '../views/i18n.js';
import { renderMessageText } from '../views/render-card.js';
import { identityOf } from './turn-identity.js';
import { VERBS } from './verbs.js';

/** Counts one more event of a user (PerUserRateLimiter in src/infra/limits). */
export interface RateCounter {
  hit(key: string): { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number; readonly first: boolean };
}

/**
 * Per-user limits, checked before any use case runs: clicks (card actions) and chat messages
 * count as actions, « Créer » on the form also as a creation. One person's burst (170 tickets
 * in 2 s, clicks at 195/s) then costs no database work and no notification, and cannot slow
 * everyone else down. A refused click keeps its card and shows a short message; a refused chat
 * message is answered once per wait, so a flood of messages is not a flood of replies.
 */
export class UserLimitsGate {
  constructor(private readonly limits: { readonly creations: RateCounter; readonly actions: RateCounter }) {}

  /** true: go on; false: refused, and the user was told (in their language) */
  async admit(context: TurnContext): Promise<boolean> {
    const { type, name } = context.activity;
    const isClick = type === 'invoke' && name === 'adaptiveCard/action';
    // « Créer un ticket » on a message: its dialog's submit creates a ticket too
    const isDialogCreation = type === 'invoke' && name === 'composeExtension/submitAction';
    if (type !== 'message' && !isClick && !isDialogCreation) return true;
    const identity = identityOf(context);
    const user = `${identity.tenantId} ${identity.userId ?? identity.userMri ?? ''}`;
    const verb = isClick ? (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb : undefined;
    if (verb === VERBS.createTicket || isDialogCreation) {
      const creation = this.limits.creations.hit(user);
      if (!creation.ok) return this.refuse(context, isDialogCreation ? 'limits.creationsDialog' : 'limits.creations', creation.retryAfterMs, true);
    }
    const action = this.limits.actions.hit(user);
    if (!action.ok) return this.refuse(context, 'limits.actions', action.retryAfterMs, action.first);
    return true;
  }

  private async refuse(context: TurnContext, key: MessageKey, retryAfterMs: number, tell: boolean): Promise<false> {
    const text = t(identityOf(context).language, key, { count: Math.max(1, Math.ceil(retryAfterMs / 1_000)) });
    if (context.activity.name === 'composeExtension/submitAction') {
      // a dialog answers with a message: Teams shows the sentence in the dialog's place
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { task: { type: 'message', value: text } } } });
    } else if (context.activity.type === 'invoke') {
      // Universal Actions: a message shown to the one who clicked, their card left as it is
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
      });
    } else if (tell) {
      await context.sendActivity(renderMessageText(text));
    }
    return false;
  }
}
