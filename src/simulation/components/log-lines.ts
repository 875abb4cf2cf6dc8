/**
 * The logs a node shows on its card (nginx's access.log and error.log, Gunicorn's stderr):
 * only the last lines are kept, as a terminal scrolls, so a load run's memory stays flat.
 */

/** Lines a log keeps; older ones are forgotten. */
const LOG_LINES_KEPT = 50;

/** The lines a node's card lists. */
export const LOG_LINES_SHOWN = 12;

/** Adds a line to a log that keeps the last LOG_LINES_KEPT lines: in place in a load run, as a new array in a playback. */
export function appendLine<T>(log: readonly T[], line: T, inPlace: boolean): readonly T[] {
  if (!inPlace) return [...log, line].slice(-LOG_LINES_KEPT);
  const lines = log as T[];
  lines.push(line);
  if (lines.length > LOG_LINES_KEPT) lines.shift();
  return lines;
}
