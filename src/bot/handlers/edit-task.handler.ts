import type { z } from 'zod';
import { fail, type Result } from '../../domain/result.js';
import type { TicketCommand } from '../../domain/ticket-command.js';
import { errorCard, errorText } from '../../views/error.view.js';
import { messageCard } from '../../views/message.view.js';
import { taskEditCard, type TaskEditTyped } from '../../views/task-edit.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { editTaskData, listRef, taskRefData } from '../card-data.schemas.js';
import { cardLanguage, ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';
import { ticketForForm } from '../ticket-form.js';
import { NOT_FIXED_ON_FORM } from './edit-ticket.handler.js';

const noSuchTask = (): Result<never> => fail('TICKET.VALIDATION', 'no such task on this ticket', { field: 'task' });

/** « Modifier… » on a task of the technician's card: the task's form takes the card's place. */
export class EditTaskFormHandler implements CardActionHandler {
  readonly verb = VERBS.editTaskForm;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const parsed = taskRefData.safeParse(context.data);
    if (!parsed.success) return messageCard(context.identity.language, 'error.badData', 'error');
    const opened = await ticketForForm(this.services, context, 'editTask');
    if ('card' in opened) return opened.card;
    const task = opened.ticket.tasks.find((t) => t.id === parsed.data.taskId);
    const backRef = opened.back ? { back: opened.back } : {};
    if (!task) return ticketResponse(this.services, context, opened.ticket.number, noSuchTask(), { successNotice: 'notice.saved', ...backRef });
    return taskEditCard(opened.ticket, task, { language: cardLanguage(this.services, context), ...backRef });
  }
}

type EditTaskInput = z.infer<typeof editTaskData>;

/**
 * The task form's « Enregistrer », or « Marquer comme fait » on the ticket card. A task changes
 * nothing anyone else did since the card was shown: it applies to the ticket as it now is.
 * A refusal on the form brings the form back with what was typed and why.
 */
export class EditTaskHandler implements CardActionHandler {
  readonly verb = VERBS.editTask;

  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity, actor } = context;
    const parsed = editTaskData.safeParse(context.data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const input = parsed.data;
    const back = listRef.safeParse(context.data);
    const backRef = back.success ? { back: back.data } : {};
    const result = await this.services.changeTicket.execute(identity.tenantId, actor, input.number, null, commandOf(input));
    if (result.ok || !input.form || NOT_FIXED_ON_FORM.has(result.error.code)) {
      // applied on a card that had gone stale: the card now shows what happened meanwhile too
      const stale = result.ok && result.value.version !== input.version + 1;
      const done = input.markDone ? 'taskEdit.markedDone' : 'taskEdit.saved';
      return ticketResponse(this.services, context, input.number, result, { successNotice: stale ? 'notice.savedOnChanged' : done, ...backRef });
    }
    const language = cardLanguage(this.services, context);
    const current = await this.services.viewTicket.execute(identity.tenantId, actor, input.number);
    if (!current.ok) return errorCard(language, current.error);
    const task = current.value.tasks.find((t) => t.id === input.taskId);
    if (!task) return ticketResponse(this.services, context, input.number, noSuchTask(), { successNotice: 'notice.saved', ...backRef });
    return taskEditCard(current.value, task, { language, typed: typedOf(input), error: errorText(language, result.error), ...backRef });
  }
}

function commandOf(input: EditTaskInput): Extract<TicketCommand, { type: 'editTask' }> {
  const status = input.markDone ? 'done' : input.taskStatus;
  return {
    type: 'editTask',
    taskId: input.taskId,
    ...(input.taskDescription !== undefined ? { description: input.taskDescription } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(input.durationMinutes !== undefined ? { durationMinutes: input.durationMinutes } : {}),
  };
}

function typedOf(input: EditTaskInput): TaskEditTyped {
  return {
    ...(input.taskDescription !== undefined ? { description: input.taskDescription } : {}),
    ...(input.taskStatus !== undefined ? { status: input.taskStatus } : {}),
    ...(input.durationMinutes !== undefined && Number.isFinite(input.durationMinutes) ? { durationMinutes: input.durationMinutes } : {}),
  };
}
