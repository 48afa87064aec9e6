import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Directory, DirectoryPerson } from '../../domain/ports/directory.js';
import { rankPeople } from './person-ranking.js';

const optionalText = z.string().trim().min(1).max(200).nullable().default(null);

const personSchema = z.object({
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  department: optionalText,
  officeLocation: optionalText,
  jobTitle: optionalText,
  mail: optionalText,
  preferredLanguage: z.string().trim().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'like fr-FR or en-US').nullable().default(null),
  /** the id of this person's manager, listed in the same tenant (or under "*") */
  managerId: z.string().trim().min(1).max(100).nullable().default(null),
});

const fileSchema = z.object({
  tenants: z
    .array(
      z.object({
        /** a tenant id, or "*" for people every tenant sees (the Playground's tenants are made up) */
        tenantId: z.string().trim().min(1),
        people: z.array(personSchema),
      }),
    )
    .min(1),
});

export type DirectoryFile = z.input<typeof fileSchema>;
type FilePerson = z.output<typeof personSchema>;

const toPerson = ({ managerId: _managerId, ...person }: FilePerson): DirectoryPerson => person;

/**
 * The directory of local mode: a JSON file in config/ holding the Playground's users, so the
 * call-ticket flow (people picker, requester notices, escalation contact) works without a
 * tenant. Same answers as Microsoft Graph would give, behind the same port.
 */
export class FileDirectory implements Directory {
  private readonly byTenant = new Map<string, FilePerson[]>();
  private readonly everyone: FilePerson[];

  constructor(file: DirectoryFile) {
    const parsed = fileSchema.parse(file);
    for (const entry of parsed.tenants) {
      const key = entry.tenantId.toLowerCase();
      this.byTenant.set(key, [...(this.byTenant.get(key) ?? []), ...entry.people]);
    }
    this.everyone = this.byTenant.get('*') ?? [];
    for (const [tenantId, people] of this.byTenant) checkTenant(tenantId, tenantId === '*' ? people : [...people, ...this.everyone]);
  }

  async search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]> {
    return rankPeople(this.people(tenantId).map(toPerson), text, limit);
  }

  async profile(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const person = this.find(tenantId, userId);
    return person ? toPerson(person) : null;
  }

  async manager(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const managerId = this.find(tenantId, userId)?.managerId;
    const manager = managerId ? this.find(tenantId, managerId) : undefined;
    return manager ? toPerson(manager) : null;
  }

  /** the tenant's own people first: an id listed twice is the tenant's version */
  private people(tenantId: string): FilePerson[] {
    const own = tenantId === '*' ? [] : (this.byTenant.get(tenantId.toLowerCase()) ?? []);
    const ownIds = new Set(own.map((person) => person.id.toLowerCase()));
    return [...own, ...this.everyone.filter((person) => !ownIds.has(person.id.toLowerCase()))];
  }

  private find(tenantId: string, userId: string): FilePerson | undefined {
    const id = userId.toLowerCase();
    return this.people(tenantId).find((person) => person.id.toLowerCase() === id);
  }
}

/** A typo in the file fails at start-up with the person's id, not later as a missing manager. */
function checkTenant(tenantId: string, people: readonly FilePerson[]): void {
  const ids = new Set(people.map((person) => person.id.toLowerCase()));
  for (const person of people) {
    if (person.managerId !== null && !ids.has(person.managerId.toLowerCase())) {
      throw new Error(`directory file: ${person.id} (${person.name}) has managerId ${person.managerId}, who is not listed for tenant ${tenantId} or "*"`);
    }
  }
}

/** Reads and checks the directory file; a missing or malformed file stops the start with its path and the error. */
export async function loadFileDirectory(path: string): Promise<FileDirectory> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`GUICHET_DIRECTORY_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`GUICHET_DIRECTORY_FILE: ${path} is not a directory file (${issues})`);
  }
  return new FileDirectory(parsed.data);
}
