import { readCallSummary, type CallSummaryReading } from '../domain/call-summary.js';
import type { Category } from '../domain/category.js';
import type { Directory, DirectoryPerson } from '../domain/ports/directory.js';
import { foldText } from '../domain/text.js';

/** How sure the draft is that the person it picked is the caller the summary names. */
export type MatchConfidence = 'sure' | 'likely' | 'unsure';

export interface CallDraft {
  readonly draftId: string;
  readonly reading: CallSummaryReading;
  /** the best match for the caller's name, null when there is no name or nobody matches */
  readonly requester: DirectoryPerson | null;
  readonly confidence: MatchConfidence | null;
  /** the people the name could be, best first (the picker's first choices) */
  readonly candidates: readonly DirectoryPerson[];
  readonly service: string;
  readonly location: string;
}

/** The candidates the picker starts with: a name rarely fits more, and Graph answers faster for fewer. */
const CANDIDATES = 5;

/** « appel » alone: nothing read, every checklist field empty, the default levels. */
const EMPTY_READING: CallSummaryReading = {
  callerName: null,
  service: null,
  location: null,
  title: '',
  checklist: { problem: null, context: null, since: null, workstation: null, othersAffected: null, tried: null },
  type: 'incident',
  categoryId: null,
  urgency: { level: 3, reason: { kind: 'default' } },
  impact: { level: 3, reason: { kind: 'default' } },
};

/** « Mme », « M. », « Mr »… are not part of anyone's name in the directory. */
const HONORIFICS = new Set(['m', 'mme', 'mlle', 'madame', 'monsieur', 'mademoiselle', 'mr', 'mrs', 'ms', 'miss', 'dr']);

function bareName(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && HONORIFICS.has(foldText(words[0]).replace(/\.$/, ''))) words.shift();
  return words.join(' ');
}

const sameName = (a: string, b: string): boolean => foldText(a).replace(/[^\p{L}\p{N}]+/gu, ' ').trim() === foldText(b).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * A technician's call summary → the call-ticket draft: the summary read (seed 000's checklist,
 * suggested levels), the caller looked up in the directory by the name the summary gives, with
 * how sure the match is, and their service and office from their profile. The directory never
 * blocks the draft: when it answers nothing the technician picks the caller by typing.
 */
export class PrepareCallDraft {
  constructor(
    private readonly deps: {
      readonly directory: Directory;
      readonly categories: readonly Category[];
      readonly newDraftId: () => string;
    },
  ) {}

  async execute(tenantId: string, text: string): Promise<CallDraft> {
    const reading = text.trim() === '' ? EMPTY_READING : readCallSummary(text, this.deps.categories);
    const name = reading.callerName ? bareName(reading.callerName) : '';
    const candidates = name === '' ? [] : await this.deps.directory.search(tenantId, name, CANDIDATES);
    const { requester, confidence } = bestMatch(name, candidates);
    // the search's answer may be partial (Graph's $search): the profile is the person's record
    const profile = requester ? ((await this.deps.directory.profile(tenantId, requester.id)) ?? requester) : null;
    return {
      draftId: this.deps.newDraftId(),
      reading,
      requester: profile,
      confidence,
      candidates: profile ? [profile, ...candidates.filter((person) => person.id !== profile.id)] : candidates,
      // the directory knows the caller's department; the summary says where the problem is, if it does
      service: profile?.department ?? reading.service ?? '',
      location: reading.location ?? profile?.officeLocation ?? '',
    };
  }
}

/** One person with exactly that name is sure; the only hit is likely; several hits need checking. */
function bestMatch(name: string, candidates: readonly DirectoryPerson[]): { requester: DirectoryPerson | null; confidence: MatchConfidence | null } {
  if (candidates.length === 0) return { requester: null, confidence: null };
  const exact = candidates.filter((person) => sameName(person.name, name));
  if (exact.length === 1) return { requester: exact[0], confidence: 'sure' };
  if (candidates.length === 1) return { requester: candidates[0], confidence: 'likely' };
  return { requester: exact[0] ?? candidates[0], confidence: 'unsure' };
}
