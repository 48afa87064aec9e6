import type { Config } from '../../config.js';
import type { Directory } from '../../domain/ports/directory.js';
import { FallbackDirectory, type KnownPeople } from './fallback-directory.js';
import { loadFileDirectory } from './file-directory.js';
import { GraphAppTokenProvider } from './graph-app-token.provider.js';
import { GraphDirectory } from './graph-directory.js';

/**
 * The directory for this configuration: Microsoft Graph with the bot's own app registration
 * when there is an app id, the directory file (the Playground's users) in local mode. With
 * `known` (the people the bot already talked with), Graph failing never leaves the technician
 * without a requester to pick.
 */
export async function createDirectory(
  config: Pick<Config, 'localMode' | 'appId' | 'directoryFile' | 'botEnv'>,
  log: (line: string) => void = () => undefined,
  known?: KnownPeople,
): Promise<Directory> {
  if (config.localMode) return loadFileDirectory(config.directoryFile);
  const tokens = new GraphAppTokenProvider(config.appId, config.botEnv.MicrosoftAppPassword ?? '');
  const graph = new GraphDirectory({ tokens, log });
  return known ? new FallbackDirectory(graph, known) : graph;
}
