import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { Person } from '../domain/ticket.js';

/** Typeahead for "Assign…": technicians of the helpdesk whose name contains the query. */
export class SearchTechnicians {
  constructor(private readonly groups: GroupRepository) {}

  async execute(tenantId: string, query: string, limit: number): Promise<Person[]> {
    const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const needle = fold(query.trim());
    const seen = new Map<string, Person>();
    for (const group of await this.groups.list(tenantId)) {
      for (const tech of group.technicians) {
        if (!seen.has(tech.id) && fold(tech.name).includes(needle)) seen.set(tech.id, { id: tech.id, name: tech.name });
      }
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
  }
}
