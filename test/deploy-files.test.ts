// The deployment files checked offline. No Bicep compiler installs from npm or Debian (the
// toolkit downloads one at Provision), so infra/azure.bicep is read as text: its params against
// infra/azure.parameters.json, its app settings against what src/config.ts accepts. The toolkit
// files are checked the way Provision runs them: in order, every ${{VAR}} must have a value by
// the time its action runs (from env/.env.<env>, an earlier action, or a step README "Deploy" asks for).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config.js';
import { parseEnvFile } from '../scripts/package-app.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);
const readme = read('README.md');
const deploySection = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('\n## ', readme.indexOf('## Deploy') + 1));

/** Required `with` keys of the actions used, from the toolkit's yaml schema (v1.11). */
const ACTIONS: Record<string, { with: string[]; writes?: string[] }> = {
  'teamsApp/create': { with: ['name'], writes: ['teamsAppId'] },
  'aadApp/create': { with: ['name', 'generateClientSecret', 'signInAudience'], writes: ['clientId', 'objectId', 'clientSecret'] },
  'botFramework/create': { with: ['botId', 'name', 'messagingEndpoint'] },
  'arm/deploy': { with: ['subscriptionId', 'resourceGroupName', 'templates'] },
  'teamsApp/validateManifest': { with: ['manifestPath'] },
  'teamsApp/zipAppPackage': { with: ['manifestPath', 'outputZipPath', 'outputFolder'] },
  'teamsApp/validateAppPackage': { with: ['appPackagePath'] },
  'teamsApp/update': { with: ['appPackagePath'] },
  'teamsApp/publishAppPackage': { with: ['appPackagePath'], writes: ['publishedAppId'] },
  'cli/runNpmCommand': { with: ['args'] },
  'file/createOrUpdateEnvironmentFile': { with: ['target', 'envs'] },
  'azureAppService/zipDeploy': { with: ['artifactFolder', 'resourceId'] },
};

/** Empty on purpose in env/.env.<env>: the toolkit asks (subscription, group), or empty is a valid setting. */
const MAY_BE_EMPTY = new Set(['AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'GUICHET_ALLOWED_TENANTS']);
/** Values only the admin has, that README "Deploy" tells them to set before Provision. */
const SET_BY_YOU: Record<string, string[]> = { dev: ['SECRET_MONGO_ADMIN_PASSWORD'], local: ['BOT_ENDPOINT'] };

type Action = { uses: string; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> };
type Project = { version: string; environmentFolderPath: string; provision: Action[]; deploy: Action[]; publish?: Action[] };

// ---------- infra/azure.bicep, read as text ----------
const bicep = read('infra/azure.bicep');
type Param = { name: string; type: string; fallback?: string; secure: boolean };
const params: Param[] = [...bicep.matchAll(/((?:^@.*\n)*)^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/gm)].map((m) => ({
  name: m[2],
  type: m[3],
  fallback: m[4]?.trim(),
  secure: /@secure\(\)/.test(m[1]),
}));
const outputs = [...bicep.matchAll(/^output\s+(\w+)\s+\w+\s*=/gm)].map((m) => m[1]);
const appSettingsBlock = /appSettings:\s*\[([\s\S]*?)\n\s*\]/.exec(bicep)?.[1] ?? '';
const appSettings = [...appSettingsBlock.matchAll(/name:\s*'([^']+)'\s*\n\s*value:\s*(.+)/g)].map((m) => ({ name: m[1], value: m[2].trim() }));
const parameterFile = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };

function checkProject(file: string, envName: string, text = read(file)): string[] {
  const problems: string[] = [];
  const project = parseYaml(text) as Project;
  const envFile = `env/.env.${envName}`;
  const env = parseEnvFile(read(envFile));
  const known = new Set([
    ...Object.entries(env)
      .filter(([name, value]) => value !== '' || MAY_BE_EMPTY.has(name))
      .map(([name]) => name),
    ...SET_BY_YOU[envName],
  ]);
  const need = (where: string, names: string[]) => {
    for (const name of names) if (!known.has(name)) problems.push(`${file} ${where}: \${{${name}}} has no value yet`);
  };
  for (const stage of ['provision', 'deploy', 'publish'] as const) {
    for (const [i, action] of (project[stage] ?? []).entries()) {
      const where = `${stage}[${i}] ${action.uses}`;
      const spec = ACTIONS[action.uses];
      if (!spec) {
        problems.push(`${where}: not an action this test knows`);
        continue;
      }
      for (const key of spec.with) if (action.with?.[key] === undefined) problems.push(`${where}: with.${key} missing`);
      for (const key of spec.writes ?? []) if (!action.writeToEnvironmentFile?.[key]) problems.push(`${where}: writeToEnvironmentFile.${key} missing`);
      need(where, placeholders(JSON.stringify(action.with ?? {})));
      if (action.uses === 'teamsApp/validateManifest' || action.uses === 'teamsApp/zipAppPackage') {
        need(`${where} (appPackage/)`, [...placeholders(read('appPackage/manifest.json')), ...placeholders(read('appPackage/fr.json'))]);
      }
      if (action.uses === 'arm/deploy') {
        const templates = action.with!.templates as Array<{ path: string; parameters: string }>;
        expect(templates.map((t) => [t.path, t.parameters])).toEqual([['./infra/azure.bicep', './infra/azure.parameters.json']]);
        need(`${where} (infra/azure.parameters.json)`, placeholders(read('infra/azure.parameters.json')));
        outputs.forEach((name) => known.add(name));
      }
      for (const [key, name] of Object.entries(action.writeToEnvironmentFile ?? {})) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`${where}: ${key} written to ${name}, not an env variable name`);
        if (key === 'clientSecret' && !name.startsWith('SECRET_')) problems.push(`${where}: the secret goes to ${name}, without SECRET_ (so into ${envFile})`);
        known.add(name);
      }
    }
  }
  return problems;
}

describe('Microsoft 365 Agents Toolkit project files', () => {
  for (const [file, envName] of [['m365agents.yml', 'dev'], ['m365agents.local.yml', 'local']] as const) {
    it(`${file}: a v1.x project whose every \${{VAR}} has a value when its action runs (env/.env.${envName})`, () => {
      const project = parseYaml(read(file)) as Project;
      expect(project.version).toMatch(/^v1\.\d+$/);
      expect(project.environmentFolderPath).toBe('./env');
      expect(checkProject(file, envName)).toEqual([]);
    });
  }

  it('the check above catches a variable nothing defines', () => {
    const bad = read('m365agents.yml').replace('resourceId: ${{AZURE_APP_SERVICE_RESOURCE_ID}}', 'resourceId: ${{APP_SERVICE_ID}}');
    expect(checkProject('m365agents.yml', 'dev', bad)).toEqual([
      'm365agents.yml deploy[4] azureAppService/zipDeploy: ${{APP_SERVICE_ID}} has no value yet',
    ]);
  });

  it('provisions a single-tenant bot identity in Azure and deploys the built app, not the sources', () => {
    const project = parseYaml(read('m365agents.yml')) as Project;
    const entra = project.provision.find((a) => a.uses === 'aadApp/create');
    expect(entra?.with?.signInAudience).toBe('AzureADMyOrg');
    const uses = (stage: Action[]) => stage.map((a) => a.uses);
    expect(uses(project.provision).indexOf('aadApp/create')).toBeLessThan(uses(project.provision).indexOf('arm/deploy'));
    const zipDeploy = project.deploy.find((a) => a.uses === 'azureAppService/zipDeploy');
    expect(zipDeploy?.with?.artifactFolder).toBe('./.deployment/app');
    const npm = project.deploy.filter((a) => a.uses === 'cli/runNpmCommand').map((a) => a.with?.args);
    expect(npm).toEqual(expect.arrayContaining(['run build', 'ci --omit=dev --no-audit --no-fund']));
  });

  it('README "Deploy" tells the admin every value only they have', () => {
    for (const name of Object.values(SET_BY_YOU).flat()) expect(deploySection, name).toContain(name);
    expect(deploySection).toContain('npm run package');
  });
});

describe('infra/azure.bicep and its parameters file', () => {
  it('every parameter in the file is declared, and every parameter without a default is in the file', () => {
    const declared = new Map(params.map((p) => [p.name, p]));
    const given = Object.keys(parameterFile.parameters);
    expect(given.filter((name) => !declared.has(name))).toEqual([]);
    expect(params.filter((p) => p.fallback === undefined && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
    for (const [name, { value }] of Object.entries(parameterFile.parameters)) {
      const type = declared.get(name)!.type;
      expect([name, typeof value], `${name} is a ${type}`).toEqual([name, type === 'int' ? 'number' : type === 'bool' ? 'boolean' : 'string']);
    }
  });

  it('secrets are @secure() parameters filled only from SECRET_ variables (never a value in the repository)', () => {
    const secure = params.filter((p) => p.secure).map((p) => p.name);
    expect(secure.sort()).toEqual(['botAadAppClientSecret', 'mongoAdminPassword']);
    for (const name of secure) expect(parameterFile.parameters[name].value).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
  });

  it('an Azure Bot, single-tenant, on the Teams channel, calling the App Service', () => {
    expect(bicep).toMatch(/resource \w+ 'Microsoft\.BotService\/botServices@[\d-]+' = \{/);
    expect(bicep).toContain("msaAppType: 'SingleTenant'");
    expect(bicep).toContain('msaAppTenantId: botAadAppTenantId');
    expect(bicep).toContain("endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'");
    expect(bicep).toContain("channelName: 'MsTeamsChannel'");
  });

  it('a Linux App Service on Node 20 running npm run start:prod, probed on /healthz', () => {
    expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
    expect(bicep).toContain('reserved: true');
    const command = /appCommandLine: 'npm run ([\w:-]+)'/.exec(bicep)?.[1];
    expect(command).toBe('start:prod');
    expect(JSON.parse(read('package.json')).scripts[command!]).toContain('dist/src/index.js');
    expect(bicep).toContain("healthCheckPath: '/healthz'");
  });

  it('Azure Cosmos DB for MongoDB (vCore), its connection string in MONGODB_URI', () => {
    expect(bicep).toMatch(/resource mongoCluster 'Microsoft\.DocumentDB\/mongoClusters@[\d-]+' = \{/);
    expect(appSettings.find((s) => s.name === 'MONGODB_URI')?.value).toBe('mongoUri');
    expect(bicep).toMatch(/var mongoUri = .*mongoCluster\.properties\.connectionString/);
  });

  it('the app settings are variables src/config.ts reads, and they make a configuration it accepts', () => {
    const config = read('src/config.ts');
    const envSchema = config.slice(config.indexOf('const envSchema = z.object({'), config.indexOf('\n});', config.indexOf('const envSchema')));
    const appOwn = appSettings.filter((s) => !/^(WEBSITE|SCM)_/.test(s.name));
    const unknown = appOwn.map((s) => s.name).filter((name) => !new RegExp(`^\\s+${name}:`, 'm').test(envSchema));
    expect(unknown, 'app settings src/config.ts does not read').toEqual([]);
    const sample: Record<string, string> = {
      botAadAppClientId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      botAadAppClientSecret: 'a-client-secret',
      botAadAppTenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      mongoUri: 'mongodb+srv://guichetadmin:pw@guichet-dev-db-abc.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false',
    };
    const valueOf = (expression: string): string => {
      const literal = /^'(.*)'$/.exec(expression);
      if (literal) return literal[1];
      if (expression in sample) return sample[expression];
      const fallback = params.find((p) => p.name === expression)?.fallback;
      const literalFallback = fallback && /^'(.*)'$/.exec(fallback);
      if (literalFallback) return literalFallback[1];
      throw new Error(`no sample value for app setting expression ${expression}`);
    };
    const env = Object.fromEntries(appOwn.map((s) => [s.name, valueOf(s.value)]));
    expect(env).toMatchObject({ NODE_ENV: 'production', MicrosoftAppType: 'SingleTenant' });
    const loaded = loadConfig(env);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (loaded.ok) expect([loaded.config.localMode, loaded.config.allowedTenants]).toEqual([false, [sample.botAadAppTenantId]]);
  });

  it('brackets, braces and parentheses balance outside strings and comments', () => {
    const stack: string[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    let inString = false;
    for (const line of bicep.split('\n')) {
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === "'") inString = false;
        } else if (ch === "'") inString = true;
        else if (ch === '/' && line[i + 1] === '/') break;
        else if ('([{'.includes(ch)) stack.push(ch);
        else if (ch in pairs) expect(stack.pop(), `unbalanced ${ch} in: ${line.trim()}`).toBe(pairs[ch]);
      }
    }
    expect(stack).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
  const lines = dockerfile.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const froms = lines.filter((line) => line.startsWith('FROM '));
  const runtime = lines.slice(lines.lastIndexOf(froms.at(-1)!));

  it('builds in one stage and runs node:20-slim with production dependencies in the last', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms.at(-1)).toMatch(/^FROM node:20-slim\b/);
    expect(lines.some((line) => /RUN .*npm run build/.test(line))).toBe(true);
    expect(lines.some((line) => /npm (prune|ci) .*--omit=dev/.test(line))).toBe(true);
    expect(runtime.filter((line) => line.startsWith('COPY --from=')).join('\n')).toContain('/app/dist');
  });

  it('runs as a user other than root', () => {
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
  });

  it('probes /healthz with node (slim has no curl) on the port it exposes', () => {
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toMatch(/CMD \["node", "-e"/);
    expect(healthcheck).not.toMatch(/curl|wget/);
    const port = /PORT=(\d+)/.exec(runtime.join('\n'))?.[1];
    expect(runtime).toContain(`EXPOSE ${port}`);
  });

  it('starts exactly what npm run start:prod starts, with node as PID 1', () => {
    const cmd = runtime.find((line) => line.startsWith('CMD '))!;
    expect(JSON.parse(cmd.slice('CMD '.length))).toEqual(JSON.parse(read('package.json')).scripts['start:prod'].split(/\s+/));
  });

  it('.dockerignore keeps local data, dependencies and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', 'env/*.user', '.localConfigs']));
  });
});
