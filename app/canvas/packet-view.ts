import type { InFlightMessage, TraceEvent } from '../../src/simulation/index.ts';

/**
 * The few characters a packet carries on the canvas, taken from its one-line summary so no
 * message layers are built for it: "SYN", "GET /", "200 OK", "DNS A?".
 */
export function packetLabel(event: Pick<TraceEvent, 'protocol' | 'summary'>): string {
  const { summary } = event;
  switch (event.protocol) {
    case 'tcp': {
      const flags = /\[([A-Z, ]+)\]/.exec(summary)?.[1];
      return flags ? flags.replace(/, /g, '+').replace('FIN+ACK', 'FIN').replace('SYN+ACK', 'SYN-ACK') : 'TCP';
    }
    case 'udp':
      return 'UDP';
    case 'dns':
      return summary.includes('response') ? 'DNS answer' : 'DNS query';
    case 'http': {
      const status = /^HTTP\/\d\.\d (\d{3} .*)$/.exec(summary)?.[1];
      if (status) return shorten(status);
      const request = /^([A-Z]+) (\S+)/.exec(summary);
      return request ? shorten(`${request[1]} ${request[2]}`) : 'HTTP';
    }
    case 'wsgi': {
      const status = /start_response\('([^']*)'\)/.exec(summary)?.[1];
      return status ? shorten(status) : 'environ';
    }
    case 'sql':
      return summary.startsWith('Query') ? 'Query' : shorten(summary.replace(/\s*\(.*\)$/, ''));
    default:
      return shorten(summary);
  }
}

function shorten(text: string, max = 14): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** How far along its link a message is at `time`, from 0 (just sent) to 1 (arriving). */
export function flightProgress(message: Pick<InFlightMessage, 'sentAt' | 'arrivesAt'>, time: number): number {
  const duration = message.arrivesAt - message.sentAt;
  // An in-process call takes no virtual time: show it halfway, so it is seen on its link.
  if (duration <= 0) return 0.5;
  return Math.min(1, Math.max(0, (time - message.sentAt) / duration));
}

