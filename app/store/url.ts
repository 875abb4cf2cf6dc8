/**
 * The address bar says where you are (ARCHITECTURE.md, "URLs"): `?topology=<example>`,
 * `#share=<compressed document>`, and `&event=<seq>`, the moment of the run just after that
 * event. A saved topology of the person's own has no name in the address: `/` opens the one
 * they worked on last.
 */
export interface UrlView {
  /** The example named in the address, if any. */
  readonly topology: string | undefined;
  /** seq of the event the run stands on, or undefined for the start of the run. */
  readonly event: number | undefined;
  /** The share payload after `#share=`, if any. */
  readonly share: string | undefined;
}

export const DEFAULT_TOPOLOGY = 'default';

/** Example names are file names in public/topologies/: letters, digits, - and _. */
const EXAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isExampleName(name: string): boolean {
  return EXAMPLE_NAME.test(name);
}

export function readUrlView(search: string, hash = ''): UrlView {
  const params = new URLSearchParams(search);
  const eventText = params.get('event');
  const event = eventText !== null && /^\d{1,9}$/.test(eventText) ? Number(eventText) : undefined;
  const share = hash.startsWith('#share=') ? hash.slice('#share='.length) : undefined;
  return { topology: params.get('topology') ?? undefined, event, share };
}

/** The query string for a view, keeping parameters this page does not own. */
export function writeUrlView(search: string, view: { topology: string | undefined; event: number | undefined }): string {
  const params = new URLSearchParams(search);
  if (view.topology === undefined) params.delete('topology');
  else params.set('topology', view.topology);
  if (view.event === undefined) params.delete('event');
  else params.set('event', String(view.event));
  const query = params.toString();
  return query ? `?${query}` : '';
}
