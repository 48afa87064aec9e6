import type { z } from 'zod';
import { taskData } from '../card-data.schemas.js';
import { localToUtc } from '../planned-start.js';
import { VERBS } from '../verbs.js';
import { change, type TicketCommandSpec } from './ticket-command.handler.js';

/** « Tâche… »: a technical action; with a date it is planned and the ticket becomes "planned". */
export const addTask: TicketCommandSpec<z.infer<typeof taskData>> = {
  verb: VERBS.addTask,
  schema: taskData,
  addition: true,
  run: change((task, services, { identity }) => {
    const common = {
      taskId: services.newId(),
      description: task.taskDescription,
      status: task.taskStatus,
      durationMinutes: task.durationMinutes,
    };
    if (task.plannedDate === '') return { type: 'addTask', ...common };
    const zone = identity.timeZone ?? task.timeZone;
    return { type: 'plan', ...common, plannedStart: localToUtc(task.plannedDate, task.plannedTime || '09:00', zone) };
  }),
};
