/**
 * Points along a link's path without asking the DOM: SVGPathElement.getTotalLength forces a
 * layout on every call, which made each step of a run take 100 ms. React Flow's bezier edges
 * are one cubic curve ("M x,y C x1,y1 x2,y2 x,y"); other paths fall back to the straight line
 * between their first and last points.
 */
export interface PathSampler {
  readonly length: number;
  /** The point at `distance` along the path, clamped to its ends. */
  pointAt(distance: number): { x: number; y: number };
}

const SAMPLES = 48;

export function samplePath(d: string): PathSampler {
  const numbers = (d.match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) ?? []).map(Number);
  const curve = /^\s*M[^C]*C/i.test(d) && numbers.length >= 8;
  const [x0 = 0, y0 = 0] = numbers;
  const [x3 = x0, y3 = y0] = numbers.slice(-2);
  const at = curve
    ? (t: number) => {
        const [, , x1, y1, x2, y2] = numbers as [number, number, number, number, number, number];
        const u = 1 - t;
        return {
          x: u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
          y: u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
        };
      }
    : (t: number) => ({ x: x0 + (x3 - x0) * t, y: y0 + (y3 - y0) * t });
  // Arc length by a polyline of SAMPLES pieces: cumulative[i] is the length up to t = i / SAMPLES.
  const cumulative = [0];
  let previous = at(0);
  for (let index = 1; index <= SAMPLES; index++) {
    const point = at(index / SAMPLES);
    cumulative.push(cumulative[index - 1]! + Math.hypot(point.x - previous.x, point.y - previous.y));
    previous = point;
  }
  const length = cumulative[SAMPLES]!;
  return {
    length,
    pointAt(distance) {
      if (length === 0) return at(0);
      const target = Math.min(length, Math.max(0, distance));
      let index = 1;
      while (index < SAMPLES && cumulative[index]! < target) index++;
      const before = cumulative[index - 1]!;
      const piece = cumulative[index]! - before;
      const t = (index - 1 + (piece === 0 ? 0 : (target - before) / piece)) / SAMPLES;
      return at(t);
    },
  };
}
