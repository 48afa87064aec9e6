/**
 * The people directory (Microsoft Graph in a real tenant, a file in local mode): who a caller
 * is, their service and office, their manager. Adapters never throw for the directory's own
 * failures (missing permission, throttling, timeouts): they answer empty and log the cause once,
 * so that a ticket is never blocked by the directory.
 */
export interface DirectoryPerson {
  /** the Entra (AAD) object id: the identity Guichet knows people by */
  readonly id: string;
  readonly name: string;
  readonly department: string | null;
  readonly officeLocation: string | null;
  readonly jobTitle: string | null;
  readonly mail: string | null;
  /** 'fr-FR', 'en-US'… when the directory knows it */
  readonly preferredLanguage: string | null;
}

export interface Directory {
  /** people whose name (or mail) starts with or contains `text`, best first, at most `limit` */
  search(tenantId: string, text: string, limit: number): Promise<readonly DirectoryPerson[]>;
  profile(tenantId: string, userId: string): Promise<DirectoryPerson | null>;
  /** the person's manager: the escalation contact when the admin file names none */
  manager(tenantId: string, userId: string): Promise<DirectoryPerson | null>;
}
