import type { Person } from './ticket.js';

export interface GroupMember extends Person {
  /** on-duty technicians get a 1:1 ping for every new ticket of the group */
  readonly onDuty: boolean;
}

/** A queue of the helpdesk (« Support N1 », « N2 Réseau »), its people and its lead. */
export interface Group {
  readonly id: string;
  readonly tenantId: string;
  readonly name: { readonly fr: string; readonly en: string };
  readonly lead: Person | null;
  /** hierarchical escalation: who hears of a high-priority ticket past its time to resolve, beside the lead */
  readonly escalationContact?: Person | null;
  readonly technicians: readonly GroupMember[];
  /** set once the bot knows the group's Teams channel */
  readonly hasChannel: boolean;
}

export const membersToPing = (group: Group): readonly GroupMember[] => group.technicians.filter((t) => t.onDuty);
