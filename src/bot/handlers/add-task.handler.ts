import { messageCard } from '../../views/message.view.js';
import type { BotServices } from '../bot-services.js';
import type { Card, CardActionContext, CardActionHandler } from '../card-action.js';
import { taskData } from '../card-data.schemas.js';
import { localToUtc } from '../planned-start.js';
import { ticketResponse } from '../ticket-response.js';
import { VERBS } from '../verbs.js';

/** « Tâche… »: a technical action; with a date it is planned and the ticket becomes "planned". */
export class AddTaskHandler implements CardActionHandler {
  readonly verb = VERBS.addTask;
  constructor(private readonly services: BotServices) {}

  async handle(context: CardActionContext): Promise<Card> {
    const { identity } = context;
    const parsed = taskData.safeParse(context.data);
    if (!parsed.success) return messageCard(identity.language, 'error.badData', 'error');
    const task = parsed.data;
    const plannedStart =
      task.plannedDate === '' ? null : localToUtc(task.plannedDate, task.plannedTime || '09:00', identity.timeZone ?? task.timeZone);
    const common = {
      taskId: this.services.newId(),
      description: task.taskDescription,
      status: task.taskStatus,
      durationMinutes: task.durationMinutes,
    };
    const result = await this.services.changeTicket.execute(
      identity.tenantId,
      context.actor,
      task.number,
      task.version,
      plannedStart ? { type: 'plan', ...common, plannedStart } : { type: 'addTask', ...common },
    );
    return ticketResponse(this.services, context, task.number, result, 'notice.saved');
  }
}
