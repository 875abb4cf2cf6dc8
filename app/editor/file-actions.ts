import type { TopologyDocument } from '../../src/simulation/index.ts';

/** A file name from a topology name: "Flask behind nginx" -> "flask-behind-nginx.stackscope.json". */
export function exportFileName(name: string, extension = 'stackscope.json'): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'topology'}.${extension}`;
}

/** The versioned document as a file a person can keep, mail, or import again. */
export function exportText(document: TopologyDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Hands a file to the browser's download. */
export function download(fileName: string, content: Blob | string, type = 'application/json'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const anchor = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the URL by now; keep it a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Files larger than this are refused before reading: no topology needs 10 MB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
