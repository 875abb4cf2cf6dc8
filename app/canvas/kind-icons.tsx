import type { NodeKind } from '../../src/simulation/index.ts';

/** Each kind's colour (a CSS custom property set on the node) and its icon. */
export const KIND_COLOURS: Record<NodeKind, string> = {
  browser: '#2563eb',
  'dns-resolver': '#7c3aed',
  'dns-server': '#9333ea',
  'socket-server': '#475569',
  'flask-dev-server': '#0f766e',
  nginx: '#009639',
  gunicorn: '#499848',
  flask: '#1f2937',
  postgres: '#336791',
  redis: '#d82c20',
  'websocket-server': '#be185d',
  'ftp-server': '#0e7490',
  'ftp-client': '#155e75',
};

const ICON_PATHS: Record<NodeKind, React.ReactNode> = {
  browser: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2.5" />
      <path d="M3 9h18" />
      <circle cx="6.5" cy="6.5" r="0.6" fill="currentColor" />
      <circle cx="9" cy="6.5" r="0.6" fill="currentColor" />
    </>
  ),
  'dns-resolver': (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.6 2.4 3.8 5.2 3.8 8.5s-1.2 6.1-3.8 8.5c-2.6-2.4-3.8-5.2-3.8-8.5S9.4 5.9 12 3.5z" />
    </>
  ),
  'dns-server': (
    <>
      <rect x="4" y="3.5" width="16" height="7" rx="1.5" />
      <rect x="4" y="13.5" width="16" height="7" rx="1.5" />
      <path d="M7.5 7h.01M7.5 17h.01M11 7h5.5M11 17h5.5" />
    </>
  ),
  // A plug in a socket: a program bound to a port.
  'socket-server': (
    <>
      <rect x="4" y="10" width="16" height="10" rx="2" />
      <path d="M9 10V5.5M15 10V5.5M12 14v2.5" />
    </>
  ),
  // A laboratory flask with a level line: Flask's own server, for development.
  'flask-dev-server': (
    <>
      <path d="M9.5 3.5h5M10.5 3.5v5.5L5 18.5a1.5 1.5 0 0 0 1.3 2h11.4a1.5 1.5 0 0 0 1.3-2L13.5 9V3.5" />
      <path d="M7.5 14.5h9" />
    </>
  ),
  nginx: (
    <>
      <path d="M12 2.8l8 4.6v9.2l-8 4.6-8-4.6V7.4z" />
      <path d="M9.2 15.5V8.5l5.6 7V8.5" />
    </>
  ),
  gunicorn: (
    <>
      <rect x="3.5" y="4" width="7" height="7" rx="1.5" />
      <rect x="13.5" y="4" width="7" height="7" rx="1.5" />
      <rect x="3.5" y="13" width="7" height="7" rx="1.5" />
      <rect x="13.5" y="13" width="7" height="7" rx="1.5" />
    </>
  ),
  flask: (
    <>
      <path d="M9.5 3h5M10.5 3v6.2L5 18.5A1.7 1.7 0 0 0 6.5 21h11a1.7 1.7 0 0 0 1.5-2.5L13.5 9.2V3" />
      <path d="M7.6 14.5h8.8" />
    </>
  ),
  postgres: (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.7" />
      <path d="M4.5 5.5v13c0 1.5 3.4 2.7 7.5 2.7s7.5-1.2 7.5-2.7v-13" />
      <path d="M4.5 12c0 1.5 3.4 2.7 7.5 2.7s7.5-1.2 7.5-2.7" />
    </>
  ),
  redis: (
    <>
      <path d="M12 4l8.5 3.5L12 11 3.5 7.5z" />
      <path d="M3.5 12L12 15.5l8.5-3.5" />
      <path d="M3.5 16.5L12 20l8.5-3.5" />
    </>
  ),
  // Two arrows, one each way: messages flow both ways on one open connection.
  'websocket-server': (
    <>
      <path d="M4 8.5h14.5M15 5l3.5 3.5L15 12" />
      <path d="M20 15.5H5.5M9 12l-3.5 3.5L9 19" />
    </>
  ),
  // A folder: the files it serves.
  'ftp-server': (
    <>
      <path d="M3.5 7V18a1.5 1.5 0 0 0 1.5 1.5h14a1.5 1.5 0 0 0 1.5-1.5V9.5A1.5 1.5 0 0 0 19 8h-7l-2-2.5H5A1.5 1.5 0 0 0 3.5 7z" />
    </>
  ),
  // A terminal prompt: the command that downloads.
  'ftp-client': (
    <>
      <rect x="3" y="4.5" width="18" height="15" rx="2" />
      <path d="M7 10l3 2.5L7 15M12.5 15H17" />
    </>
  ),
};

export function KindIcon({ kind, size = 22 }: { kind: NodeKind; size?: number }) {
  return (
    <svg
      className="kind-icon"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {ICON_PATHS[kind]}
    </svg>
  );
}
