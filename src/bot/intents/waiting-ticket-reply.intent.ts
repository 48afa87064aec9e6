import { saysStillBroken } from '../../views/still-broken.js';
import { fitsChoiceCard, waitingTicketChoiceCard } from '../../views/waiting-ticket-choice.view.js';
import { isPersonal, type ChatIntent, type ChatTurn } from './chat-intent.js';
import { reportProblem } from './report-problem.intent.js';
import { unknownCommand } from './unknown-command.intent.js';

/** What the message would have got without waiting tickets: the route after this one that selects it. */
function answerAsBefore(turn: ChatTurn): Promise<void> {
  const guessed = unknownCommand.select(turn.message);
  return guessed !== null ? unknownCommand.handle(turn, guessed) : reportProblem.handle(turn, turn.message.text);
}

/**
 * People answer « ça ne marche toujours pas » in the chat rather than on the card. While
 * some of the requester's tickets wait for them (solved, pending), a message that is no
 * command is asked about: « Est-ce à propos du ticket #n ? », with what it can do there, or
 * « Non, c’est un nouveau problème ». With none waiting, the message gets what it always
 * got. A word or two is a command guessed at unless it says the problem is still there
 * (« toujours pas », « still broken »); a long message is a new problem to describe.
 */
export const waitingTicketReply: ChatIntent<string> = {
  name: 'waitingTicketReply',
  select: (message) => {
    if (!isPersonal(message) || message.text === '' || !fitsChoiceCard(message.text)) return null;
    if (unknownCommand.select(message) !== null && !saysStillBroken(message.text)) return null;
    return message.text;
  },
  async handle(turn, text) {
    const { identity, services, actor } = turn;
    const waiting = await services.findWaitingTickets.execute(identity.tenantId, actor);
    if (waiting.length === 0) return answerAsBefore(turn);
    await turn.send(waitingTicketChoiceCard(waiting, text, identity.language));
  },
};
