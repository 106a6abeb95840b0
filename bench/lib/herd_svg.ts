// bench/herd.svg: polls per second (averaged over 5-s bins, so fixed polling's one-second spikes
// read as a rate) through a 5-minute outage and the minute after, for each schedule, on a log
// scale, with the floor (clients / cap) as a line. Plain SVG, no library.

export interface HerdSeries {
  label: string;
  color: string;
  perSecond: Int32Array;
}

const WIDTH = 900;
const HEIGHT = 380;
const PAD = { left: 64, right: 16, top: 56, bottom: 44 };
const BIN_S = 5;

/** Mean polls per second over each BIN_S-second bin. */
function binned(perSecond: Int32Array): number[] {
  const bins: number[] = [];
  for (let start = 0; start < perSecond.length; start += BIN_S) {
    let sum = 0;
    for (let s = start; s < Math.min(start + BIN_S, perSecond.length); s++) sum += perSecond[s]!;
    bins.push(sum / BIN_S);
  }
  return bins;
}

export function herdSvg(series: HerdSeries[], options: { outageS: number; floor: number; title: string }): string {
  const seconds = Math.max(...series.map((s) => s.perSecond.length));
  const rates = series.map((s) => binned(s.perSecond));
  const top = 10 ** Math.ceil(Math.log10(Math.max(...rates.flat())));
  const x = (second: number) => PAD.left + (second / seconds) * (WIDTH - PAD.left - PAD.right);
  // log10(1 + n): 0 stays on the axis.
  const y = (n: number) => HEIGHT - PAD.bottom - (Math.log10(1 + n) / Math.log10(1 + top)) * (HEIGHT - PAD.top - PAD.bottom);
  // The first series is drawn last, on top.
  const lines = series
    .map((s, i) => {
      const points = rates[i]!.map((n, bin) => `${x(bin * BIN_S + BIN_S / 2).toFixed(1)},${y(n).toFixed(1)}`).join(" ");
      return `<polyline fill="none" stroke="${s.color}" stroke-width="${i ? 1.5 : 2.5}" points="${points}"><title>${s.label}</title></polyline>`;
    })
    .reverse();
  const ticksY = [1, 10, 100, 1000, 10000].filter((n) => n <= top);
  const ticksX = Array.from({ length: Math.floor(seconds / 60) + 1 }, (_, i) => i * 60);
  const legend = series.map(
    (s, i) => `<g transform="translate(${PAD.left + i * 250},${PAD.top - 16})"><rect width="14" height="3" y="-4" fill="${s.color}"/><text x="20" font-size="12">${s.label}</text></g>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" role="img" aria-label="${options.title}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="20" font-size="14" font-weight="600">${options.title}</text>`,
    ...ticksY.map((n) => `<g><line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(n)}" y2="${y(n)}" stroke="#e5e7eb"/><text x="${PAD.left - 6}" y="${y(n) + 4}" font-size="11" text-anchor="end">${n.toLocaleString("en-US")}</text></g>`),
    ...ticksX.map((s) => `<text x="${x(s)}" y="${HEIGHT - PAD.bottom + 16}" font-size="11" text-anchor="middle">${s / 60} min</text>`),
    `<text x="${(PAD.left + WIDTH) / 2}" y="${HEIGHT - 8}" font-size="12" text-anchor="middle">time since 10,000 clients lost the server (it answers again at ${options.outageS / 60} min)</text>`,
    `<text transform="translate(14,${(HEIGHT - PAD.bottom + PAD.top) / 2}) rotate(-90)" font-size="12" text-anchor="middle">polls per second, 5-s mean (log)</text>`,
    `<line x1="${x(options.outageS)}" x2="${x(options.outageS)}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="#9ca3af" stroke-dasharray="4 3"/>`,
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(options.floor)}" y2="${y(options.floor)}" stroke="#6b7280" stroke-dasharray="2 3"><title>floor: clients / cap</title></line>`,
    `<text x="${WIDTH - PAD.right - 4}" y="${y(options.floor) - 4}" font-size="11" text-anchor="end" fill="#4b5563">floor ${Math.round(options.floor)}/s (clients / 30-s cap)</text>`,
    ...lines,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
