import formTemplate from '../../cards/task-edit.card.json' with { type: 'json' };
import { TASK_STATUSES, TICKET_LIMITS, type Task, type Ticket } from '../domain/ticket.js';
import { t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import type { ListRef } from './ticket.view.js';

/** What was typed on a refused task form: it goes back into the inputs. */
export interface TaskEditTyped {
  readonly description?: string;
  readonly status?: string;
  readonly durationMinutes?: number;
}

export interface TaskEditContext {
  readonly language: Language;
  readonly back?: ListRef;
  readonly typed?: TaskEditTyped;
  /** the refusal, already in words */
  readonly error?: string;
}

/**
 * A task's form: its text, its status (« Fait » once done) and its duration, the estimate
 * adjusted to the time it really took at the end (seed 003).
 */
export function taskEditCard(ticket: Ticket, task: Task, ctx: TaskEditContext): Record<string, unknown> {
  const { language } = ctx;
  const error = ctx.error ?? '';
  const ref = { number: ticket.number, version: ticket.version, ...ctx.back };
  return renderCard(formTemplate, {
    show: { error: error !== '' },
    error: plainText(error),
    heading: t(language, 'taskEdit.heading', { number: ticket.number }),
    title: plainText(ticket.title),
    values: {
      description: ctx.typed?.description ?? task.description,
      status: ctx.typed?.status ?? task.status,
      duration: ctx.typed?.durationMinutes ?? task.durationMinutes,
    },
    limits: { description: TICKET_LIMITS.followupMax },
    statuses: TASK_STATUSES.map((status) => ({ title: t(language, `task.${status}`), value: status })),
    ref: { ...ref, taskId: task.id, form: true },
    viewRef: { number: ticket.number, ...ctx.back },
    labels: {
      description: t(language, 'action.taskDescription'),
      descriptionRequired: t(language, 'action.textRequired'),
      status: t(language, 'action.taskStatus'),
      duration: t(language, 'action.duration'),
      hint: t(language, 'taskEdit.hint'),
      submit: t(language, 'edit.submit'),
      cancel: t(language, 'edit.cancel'),
    },
  });
}
