/**
 * The address bar says where you are (ARCHITECTURE.md, "URLs"): `?topology=<example>` and
 * `&event=<seq>`, the moment of the run just after that event. Copying it shares the view.
 */
export interface UrlView {
  readonly topology: string;
  /** seq of the event the run stands on, or undefined for the start of the run. */
  readonly event: number | undefined;
}

export const DEFAULT_TOPOLOGY = 'default';

/** Example names are file names in public/topologies/: letters, digits, - and _. */
const EXAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isExampleName(name: string): boolean {
  return EXAMPLE_NAME.test(name);
}

export function readUrlView(search: string): UrlView {
  const params = new URLSearchParams(search);
  const topology = params.get('topology') ?? DEFAULT_TOPOLOGY;
  const eventText = params.get('event');
  const event = eventText !== null && /^\d{1,9}$/.test(eventText) ? Number(eventText) : undefined;
  return { topology, event };
}

/** The query string for a view, keeping parameters this page does not own. */
export function writeUrlView(search: string, view: UrlView): string {
  const params = new URLSearchParams(search);
  params.set('topology', view.topology);
  if (view.event === undefined) params.delete('event');
  else params.set('event', String(view.event));
  return `?${params.toString()}`;
}
