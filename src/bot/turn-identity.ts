import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { languageOf, type Language } from '../views/i18n.js';

/** Who is talking, in which tenant and language. The id comes from Teams, never from card data. */
export interface TurnIdentity {
  readonly tenantId: string;
  readonly userId: string | null;
  /** Teams' own id for the user (`29:…`), the one card `refresh.userIds` expects */
  readonly userMri: string | null;
  readonly userName: string;
  readonly language: Language;
  readonly locale: string;
  readonly timeZone: string | undefined;
}

const activityShape = z.object({
  locale: z.string().optional(),
  localTimezone: z.string().optional(),
  from: z.object({ id: z.string().optional(), name: z.string().optional(), aadObjectId: z.string().min(1).optional() }).optional(),
  conversation: z.object({ tenantId: z.string().optional() }).optional(),
  channelData: z.object({ tenant: z.object({ id: z.string() }).optional() }).optional().nullable(),
});

const IDENTITY = Symbol('guichet.turnIdentity');

/** Read once per turn (the activity does not change during it), then remembered in the turn state. */
export function identityOf(context: TurnContext): TurnIdentity {
  const known = context.turnState.get(IDENTITY) as TurnIdentity | undefined;
  if (known) return known;
  const identity = readIdentity(context);
  context.turnState.set(IDENTITY, identity);
  return identity;
}

function readIdentity(context: TurnContext): TurnIdentity {
  const parsed = activityShape.safeParse(context.activity);
  const activity = parsed.success ? parsed.data : {};
  const locale = activity.locale ?? 'fr-FR';
  return {
    tenantId: activity.channelData?.tenant?.id ?? activity.conversation?.tenantId ?? 'default',
    userId: activity.from?.aadObjectId ?? null,
    userMri: activity.from?.id ?? null,
    userName: activity.from?.name?.slice(0, 200) ?? '',
    language: languageOf(locale),
    locale,
    timeZone: activity.localTimezone,
  };
}
