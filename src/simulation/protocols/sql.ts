import type { SqlQueryPayload, SqlResultPayload } from '../engine/packet.ts';
import type { PostgresConfig } from '../components/postgres/config.ts';
import { ByteWriter, encodedLength, utf8Length } from './bytes.ts';

/**
 * PostgreSQL's frontend/backend protocol, simple query flow: the client sends Query ('Q');
 * the server answers RowDescription ('T'), a DataRow ('D') per row, CommandComplete ('C')
 * and ReadyForQuery ('Z'); or ErrorResponse ('E') and ReadyForQuery.
 */
export const POSTGRES_PORT = 5432;

export function encodeQuery(query: SqlQueryPayload): ByteWriter {
  const writer = new ByteWriter().u8(0x51).u32(0).utf8(query.query).u8(0);
  return writer.setU32(1, writer.length - 1);
}

function message(writer: ByteWriter, type: string, body: (w: ByteWriter) => void): void {
  const start = writer.length;
  writer.u8(type.charCodeAt(0)).u32(0);
  body(writer);
  writer.setU32(start + 1, writer.length - start - 1);
}

export function encodeResult(result: SqlResultPayload): ByteWriter {
  const writer = new ByteWriter();
  if (result.error) {
    const error = result.error;
    message(writer, 'E', (w) => {
      w.u8(0x53).utf8(error.severity).u8(0).u8(0x43).utf8(error.code).u8(0).u8(0x4d).utf8(error.message).u8(0).u8(0);
    });
  } else {
    message(writer, 'T', (w) => {
      w.u16(result.columns.length);
      for (const column of result.columns) {
        // table oid, column number, type oid (25 = text), size -1, modifier -1, text format
        w.utf8(column).u8(0).u32(0).u16(0).u32(25).u16(0xffff).u32(0xffffffff).u16(0);
      }
    });
    for (const row of result.rows) {
      message(writer, 'D', (w) => {
        w.u16(row.length);
        for (const value of row) {
          w.u32(utf8Length(value)).utf8(value);
        }
      });
    }
    message(writer, 'C', (w) => w.utf8(result.commandTag ?? '').u8(0));
  }
  message(writer, 'Z', (w) => w.u8(0x49));
  return writer;
}

/** encodeQuery(query).length, without encoding it. */
export function queryByteLength(query: SqlQueryPayload): number {
  return 1 + 4 + encodedLength(query.query) + 1;
}

/** encodeResult(result).length, without encoding it. */
export function resultByteLength(result: SqlResultPayload): number {
  // Each message: a type byte and a 32-bit length, then its body.
  let length = 0;
  if (result.error) {
    const error = result.error;
    length += 5 + (1 + encodedLength(error.severity) + 1) + (1 + encodedLength(error.code) + 1) + (1 + encodedLength(error.message) + 1) + 1;
  } else {
    length += 5 + 2;
    for (const column of result.columns) length += encodedLength(column) + 1 + 4 + 2 + 4 + 2 + 4 + 2;
    for (const row of result.rows) {
      length += 5 + 2;
      for (const value of row) length += 4 + encodedLength(value);
    }
    length += 5 + encodedLength(result.commandTag ?? '') + 1;
  }
  return length + 5 + 1;
}

/** The protocol message names in the order they are sent, e.g. ["RowDescription", "DataRow", ...]. */
export function resultMessageNames(result: SqlResultPayload): string[] {
  if (result.error) return ['ErrorResponse', 'ReadyForQuery'];
  return ['RowDescription', ...result.rows.map(() => 'DataRow'), 'CommandComplete', 'ReadyForQuery'];
}

/**
 * Runs a query against the node's tables. Only `SELECT <columns> FROM <table>` is understood;
 * anything else gets PostgreSQL's own syntax-error answer. This is the simplification
 * docs/nodes/postgres.md describes.
 */
export function executeQuery(config: PostgresConfig, query: string): SqlResultPayload {
  const match = /^\s*select\s+(.+?)\s+from\s+([a-z_][a-z0-9_]*)\s*(?:limit\s+(\d+)\s*)?;?\s*$/i.exec(query);
  if (!match) {
    return failure('42601', 'syntax error: Stackscope understands only SELECT <columns> FROM <table> [LIMIT n]');
  }
  const [, columnList, tableName, limit] = match;
  const table = config.tables.find((candidate) => candidate.name === tableName!.toLowerCase());
  if (!table) return failure('42P01', `relation "${tableName}" does not exist`);
  const wanted = columnList!.trim() === '*' ? table.columns : columnList!.split(',').map((column) => column.trim());
  const indexes: number[] = [];
  for (const column of wanted) {
    const index = table.columns.indexOf(column);
    if (index < 0) return failure('42703', `column "${column}" does not exist`);
    indexes.push(index);
  }
  const rows = table.rows.slice(0, limit === undefined ? undefined : Number(limit)).map((row) => indexes.map((index) => row[index] ?? ''));
  return { protocol: 'sql', kind: 'result', columns: wanted, rows, commandTag: `SELECT ${rows.length}`, error: null };
}

function failure(code: string, text: string): SqlResultPayload {
  return { protocol: 'sql', kind: 'result', columns: [], rows: [], commandTag: null, error: { severity: 'ERROR', code, message: text } };
}

export function sqlSummary(payload: SqlQueryPayload | SqlResultPayload): string {
  if (payload.kind === 'query') return `Query: ${payload.query}`;
  if (payload.error) return `ErrorResponse: ${payload.error.message}`;
  return `${payload.commandTag} (${payload.rows.length === 1 ? '1 row' : `${payload.rows.length} rows`})`;
}
