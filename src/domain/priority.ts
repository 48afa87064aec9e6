/** Urgency, impact and priority all use GLPI's 1 (very low) .. 5 (very high) scale. */
export type Level = 1 | 2 | 3 | 4 | 5;
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

/** rows = urgency 1..5, columns = impact 1..5 */
export type PriorityMatrix = readonly (readonly Level[])[];

/** GLPI's default matrix; a helpdesk may configure its own. */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = [
  [1, 1, 2, 2, 2],
  [1, 2, 2, 3, 3],
  [2, 2, 3, 4, 4],
  [2, 3, 4, 4, 5],
  [2, 3, 4, 5, 5],
];

export function isLevel(value: unknown): value is Level {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** A matrix must be 5×5 of levels, or priorities would silently be undefined. */
export function isValidMatrix(matrix: unknown): matrix is PriorityMatrix {
  return (
    Array.isArray(matrix) &&
    matrix.length === 5 &&
    matrix.every((row) => Array.isArray(row) && row.length === 5 && row.every(isLevel))
  );
}

export function computePriority(
  urgency: Level,
  impact: Level,
  matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): Level {
  return matrix[urgency - 1][impact - 1];
}
