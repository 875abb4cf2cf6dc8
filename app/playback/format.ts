/** Virtual time for people: "t = 12.5 ms". Whole numbers lose their decimals. */
export function formatMs(ms: number): string {
  const rounded = Math.round(ms * 10) / 10;
  return `t = ${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ms`;
}
