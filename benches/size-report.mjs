// Prints what `scripts/bench --size` measured: the start page's first load, file by file, gzip -9,
// beside the empty Yew app's. Usage: node size-report.mjs measure.json. Writes nothing.
import { readFileSync } from 'node:fs';

const m = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [label, side] of [['Faultline start page', m.app], ['empty Yew app', m.baseline]]) {
    console.log(`${label}: first load ${kb(side.transfer.total)} gzip (${side.transfer.total} bytes)`);
    for (const name of side.transfer.files) console.log(`  ${kb(side.transfer.sizes[name]).padStart(9)}  ${name}`);
}
const total = m.app.transfer.total;
console.log(`Target ≤ 250 KB: ${total <= 250 * 1024 ? 'met' : 'MISSED'} (${kb(250 * 1024 - total)} to spare)`);
console.log(`Whole build (precached after the first visit): ${kb(m.app.build.total)}`);
