// Prints what `scripts/bench --load` measured: the alternated cold loads of the start page and
// the empty Yew app (4× CPU throttle), every run and the medians. Usage: node load-report.mjs
// measure.json. Writes nothing.
import { readFileSync } from 'node:fs';

const m = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const figures = [['fcp', 'first contentful paint'], ['lcp', 'largest contentful paint'], ['ready', 'ready'], ['tbt', 'total blocking time'], ['tti', 'TTI (h1 or last long task)']];
for (const [key, label] of figures) {
    const runs = (side) => (key === 'tti' ? side.ttiRunsMs : side[`${key}RunsMs`]).join(', ');
    const med = (side) => (key === 'tti' ? side.ttiMs : side[`${key}Ms`]);
    const ratio = med(m.baseline) ? ` (${(med(m.app) / med(m.baseline)).toFixed(2)}×)` : '';
    console.log(`${label}: Faultline ${med(m.app)} ms${ratio} [${runs(m.app)}]; empty app ${med(m.baseline)} ms [${runs(m.baseline)}]`);
}
for (const [label, side] of [['Faultline', m.app], ['empty app', m.baseline]]) {
    console.log(`long tasks, ${label} (start+duration ms per run): ${side.longTaskRuns.map((r) => r.map(([at, d]) => `${at}+${d}`).join(' ') || 'none').join(' | ')}`);
}
