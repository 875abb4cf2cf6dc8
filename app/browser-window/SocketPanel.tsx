import type { PageView } from '../../src/simulation/index.ts';

type SocketView = Extract<PageView, { kind: 'websocket' }>;
type Message = SocketView['messages'][number];

const STATE_WORDS: Readonly<Record<SocketView['state'], string>> = {
  connecting: 'Connecting: the opening handshake is on its way',
  open: 'Open',
  closing: 'Closing: the close frames are on their way',
  closed: 'Closed',
  failed: 'Failed',
};

/**
 * A page whose script opened a WebSocket: the socket's state, then its frames as DevTools'
 * Messages tab lists them (↑ sent, ↓ received), and the console's line when it fails.
 */
export function SocketPanel({ page }: { page: SocketView }) {
  return (
    <div className="socket-panel">
      <p className="socket-panel__state">
        <code>new WebSocket(&apos;{page.url}&apos;)</code>: {STATE_WORDS[page.state]}
        {page.status !== null && ` · handshake answered ${page.status}`}
        {page.closeCode !== null && page.state !== 'failed' && ` · close code ${page.closeCode}`}
      </p>
      {page.consoleError && (
        <p className="socket-panel__console" role="alert">
          <span className="visually-hidden">Console error: </span>
          {page.consoleError}
        </p>
      )}
      <table className="browser-table" aria-label="WebSocket messages">
        <caption>Messages · {page.messages.length} frame{page.messages.length === 1 ? '' : 's'}</caption>
        <thead>
          <tr>
            <th scope="col">Data</th>
            <th scope="col">Type</th>
            <th scope="col">Length</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {page.messages.length === 0 && (
            <tr>
              <td colSpan={4} className="socket-panel__none">
                No frames yet.
              </td>
            </tr>
          )}
          {page.messages.map((message, index) => (
            <tr key={index} className={`socket-panel__row socket-panel__row--${message.direction}`}>
              <td className="browser-table__value">
                <span aria-hidden="true">{message.direction === 'sent' ? '↑ ' : '↓ '}</span>
                <span className="visually-hidden">{message.direction === 'sent' ? 'Sent: ' : 'Received: '}</span>
                {dataText(message)}
              </td>
              <td>{message.opcode}</td>
              <td>{message.length}</td>
              <td className="socket-panel__time">{message.at} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the Data column shows: the text, or what a control frame is for. */
function dataText(message: Message): string {
  if (message.opcode === 'close') return `Close ${message.data}`;
  if (message.opcode === 'ping' || message.opcode === 'pong') return message.data ? `${message.opcode} ${message.data}` : `(${message.opcode})`;
  return message.data;
}
