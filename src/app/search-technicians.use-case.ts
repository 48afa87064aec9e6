import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import { foldText } from '../domain/text.js';
import type { Person } from '../domain/ticket.js';

/**
 * Typeahead for "Assign…": the technicians of the groups the searcher may search
 * (`helpdesk.searchTechnicians`: their own groups, every group for an admin) whose name
 * contains the query. Employees get nothing: the staff list is not theirs.
 */
export class SearchTechnicians {
  constructor(private readonly groups: GroupRepository) {}

  async execute(tenantId: string, actor: Actor, query: string, limit: number): Promise<Person[]> {
    if (!may(actor, 'helpdesk.searchTechnicians')) return [];
    const needle = foldText(query.trim());
    const seen = new Map<string, Person>();
    for (const group of await this.groups.list(tenantId)) {
      if (!may(actor, 'helpdesk.searchTechnicians', { group })) continue;
      for (const tech of group.technicians) {
        if (!seen.has(tech.id) && foldText(tech.name).includes(needle)) seen.set(tech.id, { id: tech.id, name: tech.name });
      }
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
  }
}
