// Guichet on Azure: an App Service (Linux, Node 20) running the bot, an Azure Bot registration
// (single-tenant, Teams channel) pointing at it, and an Azure Cosmos DB for MongoDB (vCore) cluster
// whose connection string becomes the app's MONGODB_URI. Deployed by m365agents.yml (Provision) or
// `az deployment group create` (README "Deploy"). Names end with a hash of the resource group, so
// they are globally unique and the same on every redeploy.

@minLength(4)
@maxLength(16)
@description('Prefix of every resource name, e.g. guichet-dev')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan size; B1 is the smallest with Always On (the clock and the notification outbox run in the app)')
param appServiceSku string = 'B1'

@maxLength(42)
param botDisplayName string = 'Guichet'

@description('Client id of the single-tenant Microsoft Entra app registration of the bot')
param botAadAppClientId string

@secure()
@description('Client secret of that app registration')
param botAadAppClientSecret string

@description('Tenant of that app registration: the only tenant a single-tenant bot serves')
param botAadAppTenantId string = tenant().tenantId

@description('Other tenants served, comma-separated (GUICHET_ALLOWED_TENANTS); empty = botAadAppTenantId only')
param allowedTenants string = ''

@description('Language of cards when a user has shown none (GUICHET_DEFAULT_LOCALE)')
param defaultLocale string = 'fr-FR'

@description('Administrator of the MongoDB cluster')
param mongoAdminUser string = 'guichetadmin'

@secure()
@minLength(8)
@maxLength(128)
param mongoAdminPassword string

@description('vCore cluster tier: M10/M20 for a pilot, M30 and up in production')
param mongoTier string = 'M10'

param mongoStorageGb int = 32

@description('Database name in the cluster (MONGODB_DB)')
param mongoDbName string = 'guichet'

var suffix = uniqueString(resourceGroup().id)
var webAppName = '${resourceBaseName}-${suffix}'
var mongoClusterName = toLower('${resourceBaseName}-db-${suffix}')

resource mongoCluster 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = {
  name: mongoClusterName
  location: location
  properties: {
    administrator: {
      userName: mongoAdminUser
      password: mongoAdminPassword
    }
    serverVersion: '7.0'
    compute: {
      tier: mongoTier
    }
    storage: {
      sizeGb: mongoStorageGb
    }
    sharding: {
      shardCount: 1
    }
    highAvailability: {
      targetMode: 'Disabled'
    }
    publicNetworkAccess: 'Enabled'
  }
}

// 0.0.0.0 - 0.0.0.0 is Azure's "allow Azure services" rule: the App Service's outbound addresses
// are only known once it exists. Put both in a virtual network with a private endpoint to narrow it.
resource mongoFirewallAzure 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = {
  parent: mongoCluster
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// The cluster's connection string has <user> and <password> placeholders.
var mongoUri = replace(replace(mongoCluster.properties.connectionString, '<user>', uriComponent(mongoAdminUser)), '<password>', uriComponent(mongoAdminPassword))

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'npm run start:prod'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // One instance: the rate limits are per instance (GUICHET_INSTANCES shares the tenant's out).
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppId'
          value: botAadAppClientId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAadAppClientSecret
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botAadAppTenantId
        }
        {
          name: 'MONGODB_URI'
          value: mongoUri
        }
        {
          name: 'MONGODB_DB'
          value: mongoDbName
        }
        {
          name: 'GUICHET_ALLOWED_TENANTS'
          value: allowedTenants
        }
        {
          name: 'GUICHET_DEFAULT_LOCALE'
          value: defaultLocale
        }
        {
          name: 'GUICHET_INSTANCES'
          value: '1'
        }
      ]
    }
  }
  dependsOn: [
    mongoFirewallAzure
  ]
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: webAppName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<env> by the toolkit's arm/deploy (an output's name is the variable's name).
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
