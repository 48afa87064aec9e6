import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import type { Config } from '../../config.js';
import type { Logger } from '../../domain/ports/logger.js';
import { BotConnectorTokenVerifier } from '../auth/bot-connector-token.verifier.js';
import { CachingBotFrameworkAuthentication } from '../auth/caching-bot-framework-authentication.js';
import { InboundActivityPolicy } from '../auth/inbound-activity.policy.js';
import { OpenIdSigningKeys } from '../auth/openid-signing-keys.js';
import { BotEndpointAdapter } from './bot-endpoint.js';
import type { RefusalLog } from './refusal-log.js';

/**
 * The /api/messages adapter and every inbound check, from the configuration. The token
 * issuer and key URL follow botbuilder's own settings (`ChannelService` for the US
 * government cloud, `ToBotFromChannelOpenIdMetadataUrl` / `BotOpenIdMetadata`,
 * `ToBotFromChannelTokenIssuer`), so both checks trust the same keys.
 */
export function createBotEndpoint(config: Config, refusals: RefusalLog, logger?: Logger): BotEndpointAdapter {
  const env = config.botEnv;
  const government = env.ChannelService === GovernmentConstants.ChannelService;
  const tokens = config.localMode
    ? null
    : new BotConnectorTokenVerifier({
        appId: config.appId,
        issuer:
          env.ToBotFromChannelTokenIssuer ||
          (government ? GovernmentConstants.ToBotFromChannelTokenIssuer : AuthenticationConstants.ToBotFromChannelTokenIssuer),
        keys: new OpenIdSigningKeys(
          env.ToBotFromChannelOpenIdMetadataUrl ||
            env.BotOpenIdMetadata ||
            (government ? GovernmentConstants.ToBotFromChannelOpenIdMetadataUrl : AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl),
        ),
      });
  return new BotEndpointAdapter(
    new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(env as Record<string, string>), {
      serviceHosts: config.serviceHosts,
    }),
    {
      maxBodyBytes: config.maxBodyBytes,
      bodyTimeoutMs: config.requestTimeoutMs,
      tokens,
      policy: new InboundActivityPolicy({ allowedTenants: config.allowedTenants, serviceHosts: config.serviceHosts }),
      refusals,
      logger,
    },
  );
}
