import type { StaffDirectory, StaffMember } from '../domain/ports/staff-directory.js';

/**
 * Staff known from configuration. Until the admin configuration lands, everyone
 * is a requester unless listed here (tests list technicians explicitly).
 */
export class StaticStaffDirectory implements StaffDirectory {
  constructor(private readonly members: ReadonlyMap<string, StaffMember> = new Map()) {}

  async find(tenantId: string, userId: string): Promise<StaffMember | null> {
    return this.members.get(`${tenantId}:${userId}`) ?? this.members.get(`*:${userId}`) ?? null;
  }
}
