import { messageCard } from '../../views/message.view.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { VERBS } from '../verbs.js';

/** "Cancel" on the form: nothing was stored yet, so there is nothing to undo. */
export class CancelDraftHandler implements CardActionHandler {
  readonly verb = VERBS.cancelDraft;

  async handle({ identity }: CardActionContext): Promise<Card> {
    return messageCard(identity.language, 'form.cancelled');
  }
}
