import type { Role } from '../actor.js';

/** Who is staff: technicians, leads and admins, with their groups. */
export interface StaffMember {
  readonly roles: readonly Role[];
  readonly groupIds: readonly string[];
}

export interface StaffDirectory {
  /** null for an ordinary employee */
  find(tenantId: string, userId: string): Promise<StaffMember | null>;
}
