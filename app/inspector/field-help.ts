/**
 * One sentence per field the inspector names, shown when a person clicks the field: what it
 * is for, in words a junior developer understands. Keys are "<layer title>/<field name>".
 */
const HELP: Readonly<Record<string, string>> = {
  'Internet Protocol version 4/Source address': 'The IP address of the machine that sent this packet.',
  'Internet Protocol version 4/Destination address': 'The IP address the packet is going to; routers forward it by this address alone.',
  'Internet Protocol version 4/Time to live': 'How many more routers may forward the packet before it is thrown away, so a packet caught in a loop dies; Linux starts at 64.',
  'Internet Protocol version 4/Protocol': 'Which transport protocol the IP packet carries: TCP for connections, UDP for single datagrams such as DNS queries.',
  'Transmission Control Protocol/Source port': 'The sender’s port: a server’s well-known port (80, 8000, 5432) or a client’s ephemeral port chosen for this connection.',
  'Transmission Control Protocol/Destination port': 'The port the receiver listens on or was connected from; together with both addresses it names the connection.',
  'Transmission Control Protocol/Flags': 'What the segment does: SYN opens a connection, ACK acknowledges data, PSH pushes data to the application, FIN closes one direction, RST aborts.',
  'Transmission Control Protocol/Sequence number (raw)': 'The number of the first byte of data in this segment, counted from a random starting number chosen when the connection opened.',
  'Transmission Control Protocol/Acknowledgment number (raw)': 'The next byte the sender expects from the other side: everything before it has arrived.',
  'Transmission Control Protocol/Segment length': 'How many bytes of application data this segment carries; handshake and pure ACK segments carry none.',
  'Transmission Control Protocol/Window': 'How many more bytes the sender is ready to receive before the other side must wait for an acknowledgement.',
  'User Datagram Protocol/Source port': 'The sender’s port; a DNS client picks a random one so answers can be matched to questions.',
  'User Datagram Protocol/Destination port': 'The port of the receiving program: 53 is DNS.',
  'User Datagram Protocol/Length': 'The size of the UDP datagram, its 8-byte header included.',
  'Transport Layer Security/Version': 'The TLS version the two sides agreed on: 1.3 needs one round trip before the request can go, 1.2 needs two.',
  'Transport Layer Security/Records': 'How many TLS records this segment carries and their bytes on the wire; once keys are agreed, an eavesdropper sees only their type and length.',
  'Domain Name System/Transaction ID': 'A random number the client puts in its question; the answer carries it back, so the client knows which question it answers.',
  'Domain Name System/Message': 'Whether this is a question (query) or an answer (response).',
  'Domain Name System/Opcode': 'The kind of question; QUERY is a standard lookup.',
  'Domain Name System/Flags': 'QR marks an answer; RD asks the resolver to do the whole lookup and RA says it can; AA marks an answer from the zone’s own server; TC says it was cut short.',
  'Domain Name System/Response code': 'NOERROR when the name exists, NXDOMAIN when it does not (the browser then shows DNS_PROBE_FINISHED_NXDOMAIN), SERVFAIL when the resolver could not find out.',
  'Domain Name System/Counts': 'How many records each section holds: answers to the question, authority (the name servers to ask next, or the zone’s SOA) and additional (their addresses, called glue).',
  'Redis protocol (RESP)/Command': 'The Redis command, sent as an array of strings: GET reads a key, SETEX writes one with an expiry, DEL removes it.',
  'Redis protocol (RESP)/Reply type': 'How Redis answered: +OK is a simple string, $ a bulk string (a value), $-1 means the key does not exist, : an integer, - an error.',
  'Redis protocol (RESP)/Value': 'What the command returned: the stored value, OK, a count, or nil when the key does not exist.',
  'Hypertext Transfer Protocol/Method': 'What the client wants done: GET fetches, POST submits, PUT replaces, DELETE removes, HEAD fetches only the headers.',
  'Hypertext Transfer Protocol/Request target': 'The path (and query) on the server that the request is about.',
  'Hypertext Transfer Protocol/Version': 'HTTP/1.1 keeps the connection open for more requests; nginx speaks HTTP/1.0 to its upstream and Gunicorn answers in kind.',
  'Hypertext Transfer Protocol/Status code': 'The outcome in three digits: 2xx success, 3xx go elsewhere, 4xx the client’s mistake, 5xx the server’s.',
  'Hypertext Transfer Protocol/Reason phrase': 'The status code in words, for people; programs read only the number.',
  'WSGI call (PEP 3333)/Call': 'Gunicorn calls the Flask application as a Python function, passing the request as a dictionary (environ) and a callback for the status and headers.',
  'WSGI response (PEP 3333)/Status': 'The status line the application passed to start_response; Gunicorn turns it into the HTTP response line.',
  'File Transfer Protocol (FTP)/Request command': 'The FTP command, in plain text on the control connection: USER and PASS log in, PASV or EPSV ask where to open the data connection, RETR asks for a file.',
  'File Transfer Protocol (FTP)/Request arg': 'What the command is about: a user name, a password (in the clear, for anyone on the path to read), or a file name.',
  'File Transfer Protocol (FTP)/Response code': 'The server\'s three-digit answer: 1xx a transfer begins, 2xx done, 3xx say more (331 wants the password), 4xx and 5xx failed.',
  'File Transfer Protocol (FTP)/Response arg': 'The reply\'s text for people; a 227 or 229 carries the address and port of the data connection in it.',
  'FTP Data/File': 'The file these bytes belong to, as RETR named it on the control connection.',
  'FTP Data/Length': 'Bytes of the file in this segment: the data connection carries only the file, and its close marks the end.',
  'WebSocket/Fin': 'Whether this frame ends its message: True here, since every message fits in one frame.',
  'WebSocket/Opcode': 'What the frame carries: Text (1) a message, Ping (9) and Pong (10) check the connection is alive, Connection Close (8) ends it.',
  'WebSocket/Mask': 'Whether the payload is masked: a browser must mask every frame it sends (so no proxy can mistake it for HTTP), a server never does.',
  'WebSocket/Masking-Key': 'The four random bytes the browser XORed the payload with; a fresh key for every frame.',
  'WebSocket/Payload length': 'Bytes of payload after the frame header, written in 7 bits (or 16 or 64 bits for long payloads).',
  'WebSocket/Status code': 'Why the connection closes: 1000 is a normal closure, sent by one side and echoed by the other.',
  'WebSocket/Text (unmasked)': 'The message as the script sent or receives it, once the mask is removed.',
  'WebSocket/Data (unmasked)': 'Application data of a ping or pong: a pong carries back exactly what the ping carried.',
  'WebSocket/Reason': 'A closing side may say in words why it closes, after the status code.',
  'PostgreSQL protocol/Message': 'The PostgreSQL protocol message type: Query sends SQL text in the simple query protocol.',
  'PostgreSQL protocol/Query': 'The SQL text the application sends; the server parses, plans and runs it.',
  'PostgreSQL protocol/Messages': 'The server’s answer as protocol messages: RowDescription names the columns, DataRow carries a row, CommandComplete ends it.',
  'PostgreSQL protocol/Command tag': 'What the command did, as psql prints it: SELECT 3 means three rows were returned.',
  'PostgreSQL protocol/Error': 'The server refused the query: severity, the SQLSTATE code, and the message.',
};

/** A command's arguments are numbered; they share one sentence. */
const ARGUMENT_HELP = 'An argument of the command: the key (session:<id> for a server-side session), then the expiry in seconds or the value, in order.';

/** The sentence explaining a field, or undefined when the catalogue has none. */
export function fieldHelp(layerTitle: string, fieldName: string): string | undefined {
  if (layerTitle === 'Redis protocol (RESP)' && /^Argument \d+$/.test(fieldName)) return ARGUMENT_HELP;
  return HELP[`${layerTitle}/${fieldName}`];
}
