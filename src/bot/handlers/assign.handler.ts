import type { z } from 'zod';
import { assignData } from '../card-data.schemas.js';
import { VERBS } from '../verbs.js';
import type { TicketCommandSpec } from './ticket-command.handler.js';

/**
 * « Assigner… »: to a technician and/or a group. Ids come from the card, names never:
 * the technician is looked up in the helpdesk's groups, so a forged id goes nowhere.
 */
export const assign: TicketCommandSpec<z.infer<typeof assignData>> = {
  verb: VERBS.assign,
  schema: assignData,
  command: async ({ assigneeId, groupId }, services, { identity }) => {
    const groups = await services.groups.list(identity.tenantId);
    const technician = groups.flatMap((g) => g.technicians).find((tech) => tech.id === assigneeId);
    if (assigneeId !== '' && !technician) return { refused: 'error.unknownTechnician' };
    if (groupId !== '' && !groups.some((g) => g.id === groupId)) return { refused: 'error.unknownGroup' };
    return {
      type: 'assign',
      assignee: technician ? { id: technician.id, name: technician.name } : null,
      groupId: groupId === '' ? null : groupId,
    };
  },
};
