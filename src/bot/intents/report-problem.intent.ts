import { preparedFormCard } from '../../views/ticket-form.view.js';
import { articlesToOffer } from '../handlers/deflect.handler.js';
import type { ChatIntent, ChatTurn } from './chat-intent.js';

/**
 * The new-ticket form, prefilled from what the user wrote (blank without a message); above it,
 * the published articles that match the problem (« Ceci peut vous aider »), when any do.
 */
export async function sendTicketForm(turn: ChatTurn, message?: string): Promise<void> {
  const { identity, services, actor } = turn;
  const prepared = services.prepareTicketForm.execute(message);
  const offered = message ? await articlesToOffer(services, identity, actor, message) : [];
  await turn.send(preparedFormCard(identity.language, services.categories, prepared, offered));
}

/**
 * Anything that is no command is a problem to report: the form comes back prefilled to
 * check and send. It is the last route, so every command is tried before it.
 */
export const reportProblem: ChatIntent<string> = {
  name: 'reportProblem',
  // a form in a shared chat would be everyone's to submit: tickets are opened 1:1
  where: 'personal',
  select: (message) => (message.text === '' ? null : message.text),
  handle: (turn, text) => sendTicketForm(turn, text),
};
