/**
 * The hosts the bot's outbound token may be sent to. Botbuilder posts to whatever
 * `serviceUrl` an activity or a stored reference names, with the bot's own bearer token:
 * an unchecked URL hands that token (and the message) to anyone who can get one in.
 *
 * Defaults: the Teams service of the public cloud and of the US government clouds
 * (GCC, GCC High, DoD, as listed by Microsoft's TeamsServiceEndpoints), and the Bot
 * Framework's own hosts. Other clouds (21Vianet…) set GUICHET_SERVICE_HOSTS.
 */
export const DEFAULT_SERVICE_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  '*.botframework.com',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

/** A host name, or `*.` and a host name (any sub-domain of it, not the name itself). */
const HOST_PATTERN = /^(\*\.)?(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Lowercased pattern, or null when it is not a host name (a scheme, port or path is a mistake). */
export function parseHostPattern(raw: string): string | null {
  const pattern = raw.trim().toLowerCase();
  return HOST_PATTERN.test(pattern) ? pattern : null;
}

/** The Agents Playground's mock connector, in local mode only (no token is ever sent there). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export class ServiceHostAllowList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(
    patterns: readonly string[],
    /** local mode: the Playground's http://localhost:…/_connector is allowed too */
    private readonly loopback = false,
  ) {
    for (const pattern of patterns) {
      if (pattern.startsWith('*.')) this.suffixes.push(pattern.slice(1));
      else this.exact.add(pattern);
    }
  }

  /** https, no credentials in the URL, the default port, and an allowed host. */
  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string' || serviceUrl.length > 2048) return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username !== '' || url.password !== '') return false;
    const host = url.hostname.toLowerCase();
    if (this.loopback && LOOPBACK_HOSTS.has(host)) return url.protocol === 'http:' || url.protocol === 'https:';
    if (url.protocol !== 'https:' || url.port !== '') return false;
    return this.exact.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
  }
}
