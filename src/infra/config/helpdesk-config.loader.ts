import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { calendarIsOpenSomeday, isKnownTimeZone, type BusinessCalendar, type OpeningRange } from '../../domain/business-hours.js';
import { DEFAULT_CLOSURE_POLICY, type ClosurePolicy } from '../../domain/closure.js';
import { DEFAULT_DIGEST_WINDOW_MS } from '../../domain/ports/helpdesk-settings.js';
import type { Level } from '../../domain/priority.js';
import { DEFAULT_SERVICE_LEVELS, SLA_CLOCKS, type ServiceLevelRules, type SlaTarget } from '../../domain/sla.js';
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

const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]';
const RANGE = new RegExp(`^(${TIME})-(${TIME}|24:00)$`);

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** "08:00-12:00" → { from: 480, to: 720 }; the end may be 24:00 (midnight that ends the day). */
const openingRange = z
  .string()
  .regex(RANGE, 'an opening range "HH:MM-HH:MM", such as "08:00-18:00"')
  .transform((range): OpeningRange => ({ from: minutesOf(range.slice(0, 5)), to: minutesOf(range.slice(6, 11)) }))
  .refine((range) => range.from < range.to, { message: 'a range must end after it starts' });

/** One day's ranges, in order and apart: "08:00-12:00", "13:30-18:00". */
const dayRanges = z
  .array(openingRange)
  .max(24)
  .superRefine((ranges, ctx) => {
    ranges.forEach((range, i) => {
      const previous = ranges[i - 1];
      if (previous && range.from < previous.to) ctx.addIssue({ code: 'custom', path: [i], message: 'ranges must be in order and must not overlap' });
    });
  });

/** 2026-02-30 passes a pattern but is no date: the date must read back the same */
const isCalendarDate = (date: string): boolean => {
  const read = new Date(`${date}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(read.getTime()) && read.toISOString().slice(0, 10) === date;
};

const holiday = z.string().refine(isCalendarDate, { message: 'a date of the calendar, "YYYY-MM-DD"' });

const calendarSchema = z
  .object({
    timeZone: z
      .string()
      .refine(isKnownTimeZone, { message: 'an IANA time zone, such as "Europe/Paris" or "UTC"' })
      .default(DEFAULT_SERVICE_LEVELS.calendar.timeZone),
    /** a day left out is closed */
    days: z
      .object({
        mon: dayRanges.default([]),
        tue: dayRanges.default([]),
        wed: dayRanges.default([]),
        thu: dayRanges.default([]),
        fri: dayRanges.default([]),
        sat: dayRanges.default([]),
        sun: dayRanges.default([]),
      })
      .strict()
      .optional(),
    holidays: z.array(holiday).max(2_000).default([]),
  })
  .strict()
  .transform(
    (c): BusinessCalendar => ({
      timeZone: c.timeZone,
      week: c.days
        ? { 1: c.days.mon, 2: c.days.tue, 3: c.days.wed, 4: c.days.thu, 5: c.days.fri, 6: c.days.sat, 7: c.days.sun }
        : DEFAULT_SERVICE_LEVELS.calendar.week,
      holidays: [...new Set(c.holidays)].sort(),
    }),
  )
  .refine(calendarIsOpenSomeday, { message: 'the calendar must be open at least one day of the week', path: ['days'] });

/** A year of minutes: a target beyond is a typing mistake. */
const targetMinutes = z.number().int('whole minutes').min(1).max(365 * 24 * 60);

const slaTarget = z
  .object({ timeToOwnMinutes: targetMinutes, timeToResolveMinutes: targetMinutes })
  .strict()
  .refine((t) => t.timeToOwnMinutes <= t.timeToResolveMinutes, {
    message: 'timeToOwnMinutes must not exceed timeToResolveMinutes',
    path: ['timeToOwnMinutes'],
  });

const level = z.object({ clock: z.enum(SLA_CLOCKS), percent: z.number().int('a whole percentage').min(1).max(1_000) }).strict();

const serviceLevelsSchema = z
  .object({
    calendar: calendarSchema.optional(),
    /** per priority ("1" … "5"); a priority left out keeps its default targets */
    targets: z
      .object({ 1: slaTarget.optional(), 2: slaTarget.optional(), 3: slaTarget.optional(), 4: slaTarget.optional(), 5: slaTarget.optional() })
      .strict()
      .optional(),
    /** replaces the default levels (75 % and 100 % of each clock); [] sends no alert */
    levels: z
      .array(level)
      .max(20)
      .superRefine((levels, ctx) => {
        levels.forEach((l, i) => {
          if (levels.findIndex((other) => other.clock === l.clock && other.percent === l.percent) < i)
            ctx.addIssue({ code: 'custom', path: [i], message: `level ${l.clock}-${l.percent} is listed twice` });
        });
      })
      .optional(),
    atRiskPercent: z.number().int('a whole percentage').min(1).max(100).optional(),
    hierarchicalMinPriority: z.number().int().min(1).max(5).optional(),
    /** 0: every alert is its own card */
    digestWindowMinutes: z.number().min(0).max(24 * 60).optional(),
  })
  .strict();

type ServiceLevelsSection = z.output<typeof serviceLevelsSchema>;

const configSchema = z
  .object({
    /** a note for the people who read the file (JSON has no comments) */
    $comment: z.string().optional(),
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
    /** SLA targets, business calendar, escalation levels; everything left out keeps its default */
    serviceLevels: serviceLevelsSchema.optional(),
    groups: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{1,50}$/, 'lowercase letters, digits and - only'),
          name: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
          lead: person.nullable().default(null),
          /** hierarchical escalation: told of a high-priority ticket past its time to resolve */
          escalationContact: person.nullable().default(null),
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
      ...(c.serviceLevels ? { serviceLevels: serviceLevelsOf(c.serviceLevels), digestWindowMs: digestWindowMsOf(c.serviceLevels) } : {}),
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

/** The file's section over the defaults: each setting it leaves out keeps its default. */
function serviceLevelsOf(section: ServiceLevelsSection): ServiceLevelRules {
  const d = DEFAULT_SERVICE_LEVELS;
  const target = (priority: Level): SlaTarget => section.targets?.[priority] ?? d.policy[priority];
  return {
    policy: { 1: target(1), 2: target(2), 3: target(3), 4: target(4), 5: target(5) },
    calendar: section.calendar ?? d.calendar,
    levels: section.levels?.map((l) => ({ id: `${l.clock}-${l.percent}`, clock: l.clock, percent: l.percent })) ?? d.levels,
    atRiskPercent: section.atRiskPercent ?? d.atRiskPercent,
    hierarchicalMinPriority: (section.hierarchicalMinPriority as Level | undefined) ?? d.hierarchicalMinPriority,
  };
}

const digestWindowMsOf = (section: ServiceLevelsSection): number =>
  section.digestWindowMinutes === undefined ? DEFAULT_DIGEST_WINDOW_MS : Math.round(section.digestWindowMinutes * 60_000);
