import type { Actor } from '../domain/actor.js';
import type { StaffDirectory } from '../domain/ports/staff-directory.js';

/** Turns the authenticated Teams user into a domain actor, with staff roles from the directory only. */
export async function resolveActor(
  directory: StaffDirectory,
  tenantId: string,
  user: { id: string; name: string },
): Promise<Actor> {
  const staff = await directory.find(tenantId, user.id);
  return {
    id: user.id,
    name: user.name,
    roles: ['requester', ...(staff?.roles.filter((role) => role !== 'requester') ?? [])],
    groupIds: staff?.groupIds ?? [],
  };
}
