import type { NodeContext } from '../../engine/simulator.ts';
import type { DnsRecord } from '../../model/message.ts';
import { tableSet, type Table } from '../../engine/table.ts';
import { rotatedAnswer, shuffledAnswer } from '../../protocols/dns-order.ts';

/** A node that rotates record sets keeps how often it has answered each one. */
export interface HasRotations {
  readonly rotations: Table<number>;
}

/**
 * Several records of one name and type in the configured order: rotated one place per answer
 * (dnsmasq) or shuffled (BIND's default). One record is returned as it is, drawing nothing.
 */
export function orderedRecords<S extends HasRotations>(ctx: NodeContext<S>, order: 'rotate' | 'random', records: readonly DnsRecord[]): readonly DnsRecord[] {
  if (records.length < 2) return records;
  if (order === 'random') return shuffledAnswer(records, ctx.rng);
  const key = `${records[0]!.name} ${records[0]!.type}`;
  const nth = (ctx.state.rotations.get(key) ?? 0) + 1;
  const state = ctx.draft() as { rotations: Table<number> };
  state.rotations = tableSet(ctx.state.rotations, key, nth, ctx.inPlace);
  return rotatedAnswer(records, nth);
}
