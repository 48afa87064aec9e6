import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_CLOSURE_POLICY, type ClosurePolicy } from '../../domain/closure.js';
import type { HelpdeskConfiguration } from '../mongo/mongo-group.repository.js';

const person = z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) });

const MINUTES = { hours: 60, days: 24 * 60 } as const;

/** A delay in `unit`s, stored in minutes: 0 turns the feature off, anything else is at least one minute. */
const delay = (unit: 'hours' | 'days', max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((value) => value === 0 || Math.round(value * MINUTES[unit]) >= 1, { message: `0, or at least one minute in ${unit}` });

const configSchema = z
  .object({
    tenantId: z.string().min(1).default('*'),
    /** seed 003: a solved ticket nobody answers closes after 24 h; the survey stays open 30 days */
    closing: z
      .object({
        autoCloseAfterHours: delay('hours', 365 * 24).optional(),
        surveyDays: delay('days', 365).optional(),
      })
      .strict()
      .optional(),
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
 * The admin file (groups, technicians, leads, admins, channels, closing delays). Checked at start-up;
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
      closurePolicy: closurePolicyOf(c.closing),
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

/** A file without `closing`, or with only one of its delays, keeps the seed's value for the other. */
function closurePolicyOf(closing: { autoCloseAfterHours?: number; surveyDays?: number } | undefined): ClosurePolicy {
  return {
    autoCloseAfterMinutes:
      closing?.autoCloseAfterHours === undefined ? DEFAULT_CLOSURE_POLICY.autoCloseAfterMinutes : Math.round(closing.autoCloseAfterHours * MINUTES.hours),
    surveyMinutes: closing?.surveyDays === undefined ? DEFAULT_CLOSURE_POLICY.surveyMinutes : Math.round(closing.surveyDays * MINUTES.days),
  };
}
