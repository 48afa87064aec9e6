import type { Directory, DirectoryPerson } from '../../domain/ports/directory.js';

/** the people the bot already knows from their conversations (id, name, locale) */
export interface KnownPeople {
  search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]>;
  profile(tenantId: string, userId: string): Promise<DirectoryPerson | null>;
}

/**
 * The directory that never leaves the technician empty-handed: the primary directory (Microsoft
 * Graph) first; when it fails or finds nobody (403, 429, timeout: it answers empty and logs the
 * cause once), the people the bot already talked with. Ticket creation is never blocked by Graph.
 */
export class FallbackDirectory implements Directory {
  constructor(
    private readonly primary: Directory,
    private readonly known: KnownPeople,
  ) {}

  async search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]> {
    const found = await this.primary.search(tenantId, text, limit).catch(() => []);
    return found.length > 0 ? found : this.known.search(tenantId, text, limit);
  }

  async profile(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    return (await this.primary.profile(tenantId, userId).catch(() => null)) ?? this.known.profile(tenantId, userId);
  }

  manager(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    return this.primary.manager(tenantId, userId);
  }
}
