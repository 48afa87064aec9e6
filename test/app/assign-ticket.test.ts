import { describe, expect, it } from 'vitest';
import { AssignTicket } from '../../src/app/assign-ticket.use-case.js';
import type { ChangeTicket } from '../../src/app/change-ticket.use-case.js';
import type { GroupRepository } from '../../src/domain/ports/group.repository.js';
import { ok } from '../../src/domain/result.js';
import { errorText } from '../../src/views/error.view.js';
import { actors, aGroup, aTicket, GROUP_N1, people } from '../support/ticket-mother.js';

/** the helpdesk's groups, and the changes asked of ChangeTicket */
function setUp() {
  const groups = { list: async () => [aGroup()] } as unknown as GroupRepository;
  const asked: unknown[] = [];
  const changeTicket = {
    execute: async (...args: unknown[]) => {
      asked.push(args);
      return ok(aTicket());
    },
  } as unknown as ChangeTicket;
  return { assign: new AssignTicket(groups, changeTicket), asked };
}

describe('AssignTicket: ids from the card are looked up in the helpdesk', () => {
  it('a technician the helpdesk does not know is refused, and nothing changes', async () => {
    const { assign, asked } = setUp();
    const result = await assign.execute('t', actors.lead, 1042, 3, { assigneeId: 'aad-forged', groupId: null });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('HELPDESK.UNKNOWN_TECHNICIAN');
    expect(errorText('fr', result.error)).toBe('Ce technicien n’existe pas.');
    expect(asked).toEqual([]);
  });

  it('a group the helpdesk does not know is refused by name, and nothing changes', async () => {
    const { assign, asked } = setUp();
    const result = await assign.execute('t', actors.lead, 1042, 3, { assigneeId: null, groupId: 'nulle-part' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('HELPDESK.UNKNOWN_GROUP');
    expect(errorText('en', result.error)).toBe('The group "nulle-part" does not exist.');
    expect(asked).toEqual([]);
  });

  it('a known technician is assigned under the name the helpdesk has for them, on the version the card showed', async () => {
    const { assign, asked } = setUp();
    const result = await assign.execute('t', actors.lead, 1042, 3, { assigneeId: people.tina.id, groupId: GROUP_N1 });
    expect(result.ok).toBe(true);
    expect(asked).toEqual([['t', actors.lead, 1042, 3, { type: 'assign', assignee: { id: people.tina.id, name: people.tina.name }, groupId: GROUP_N1 }]]);
  });
});
