import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { HelpdeskConfiguration } from '../mongo/mongo-group.repository.js';

const person = z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) });

const configSchema = z
  .object({
    tenantId: z.string().min(1).default('*'),
    defaultGroupId: z.string().nullable().default(null),
    admins: z.array(person).default([]),
    groups: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{1,50}$/, 'lowercase letters, digits and - only'),
          name: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
          lead: person.nullable().default(null),
          technicians: z.array(person.extend({ onDuty: z.boolean().default(true) })).default([]),
          channel: z
            .object({ conversationId: z.string().min(1), serviceUrl: z.string().url() })
            .nullable()
            .default(null),
        }),
      )
      .default([]),
  })
  .refine((c) => c.defaultGroupId === null || c.groups.some((g) => g.id === c.defaultGroupId), {
    message: 'defaultGroupId must be the id of one of the groups',
    path: ['defaultGroupId'],
  });

export interface LoadedHelpdeskConfig {
  readonly tenantId: string;
  readonly configuration: HelpdeskConfiguration;
}

/**
 * The admin file (groups, technicians, leads, admins, channels). Checked at start-up;
 * a mistake stops the bot with the path of the faulty field. A missing file is fine.
 */
export async function loadHelpdeskConfig(file: string): Promise<LoadedHelpdeskConfig | null> {
  if (!existsSync(file)) return null;
  const parsed = configSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid helpdesk configuration: ${issues}`);
  }
  const c = parsed.data;
  return {
    tenantId: c.tenantId,
    configuration: {
      defaultGroupId: c.defaultGroupId,
      admins: c.admins,
      groups: c.groups.map((g) => ({
        ...g,
        // a channel from the file becomes the reference the connector needs to post there
        channel: g.channel
          ? {
              channelId: 'msteams',
              serviceUrl: g.channel.serviceUrl,
              conversation: { id: g.channel.conversationId, isGroup: true, conversationType: 'channel' },
            }
          : null,
      })),
    },
  };
}
