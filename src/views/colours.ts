import type { Level } from '../domain/priority.js';
import type { SlaStanding } from '../domain/sla.js';

/**
 * Text colours a card may use: the host's semantic ones, which Teams redraws for its light,
 * dark and high-contrast themes. `Warning` is not among them: Teams draws it as yellow on
 * white, which few can read; `Dark` and `Light` vanish on one theme or the other.
 */
export const READABLE_TEXT_COLOURS = ['Default', 'Accent', 'Good', 'Attention'] as const;
export type TextColour = (typeof READABLE_TEXT_COLOURS)[number];

/** High and very high priorities stand out in Attention; the label says which, not a hue. */
export const PRIORITY_COLOUR: Readonly<Record<Level, TextColour>> = { 1: 'Default', 2: 'Default', 3: 'Accent', 4: 'Attention', 5: 'Attention' };

/** « À risque » is bold Default text: its words warn, a yellow would hide them. */
export const STANDING_COLOUR: Readonly<Record<SlaStanding, TextColour>> = {
  onTime: 'Good',
  atRisk: 'Default',
  late: 'Attention',
  paused: 'Default',
  met: 'Good',
  missed: 'Attention',
};
