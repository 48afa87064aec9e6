import { looksLikeCallSummary } from '../../domain/call-summary.js';
import { may } from '../../domain/capabilities.js';
import { callDraftCard, callDraftFromReading } from '../../views/call-draft.view.js';
import { isCommand } from '../message-commands.js';
import type { ChatIntent, ChatTurn } from './chat-intent.js';
import { reportProblem } from './report-problem.intent.js';
import { unknownCommand } from './unknown-command.intent.js';
import { waitingTicketReply } from './waiting-ticket-reply.intent.js';

/** What the routes after this one would have done: a requester's message is never a call summary. */
async function answerAsRequester(turn: ChatTurn): Promise<void> {
  const { message } = turn;
  const waiting = waitingTicketReply.select(message);
  if (waiting !== null) return waitingTicketReply.handle(turn, waiting);
  const guessed = unknownCommand.select(message);
  if (guessed !== null) return unknownCommand.handle(turn, guessed);
  return reportProblem.handle(turn, message.text);
}

/**
 * A technician's call summary (or « appel » / « call » for an empty one) → the call-ticket
 * draft: the caller picked from the directory, seed 000's checklist, suggested levels with
 * their reasons. Only staff record calls (ticket.createOnBehalf); anyone else's message goes
 * on to the routes after this one, as if this route did not exist.
 */
export const callSummary: ChatIntent<string> = {
  name: 'callSummary',
  // the draft names the caller and what they said: not for a shared chat
  where: 'personal',
  select: (message) => {
    if (isCommand(message, 'call')) return '';
    return message.text !== '' && looksLikeCallSummary(message.text) ? message.text : null;
  },
  async handle(turn, text) {
    if (!may(turn.actor, 'ticket.createOnBehalf')) return answerAsRequester(turn);
    const { identity, services } = turn;
    const draft = await services.prepareCallDraft.execute(identity.tenantId, text);
    await turn.send(
      callDraftCard(identity.language, services.categories, { ...callDraftFromReading(identity.language, draft, text), typeahead: services.peopleTypeahead }),
    );
  },
};
