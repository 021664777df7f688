// Prints the Investigate figures of `measure.mjs --investigate` (4x CPU throttling).
// Usage: node investigate-report.mjs investigate.json
import { readFileSync } from 'node:fs';

const m = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { warmUp, fonts, puzzles } = m.app.investigate;
console.log(`warm-ups before the first puzzle: worker ${JSON.stringify(warmUp)}, fonts ${JSON.stringify(fonts)}`);
console.log('| puzzle | checks | opening: long tasks > 50 ms (longest) | opening: tasks > 50 ms in Chrome\'s trace (rendering included) | opening: the engine\'s work (in a long task?) | running every check: long tasks > 50 ms (longest) | running every check: tasks > 50 ms in the trace |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const traced = (list) => (list ? (list.length ? list.map((ms) => `${ms} ms`).join(', ') : 'none') : '—');
const engine = (list) => (list ?? []).map((e) => `${e.what} ${e.ms} ms${e.inLongTask ? ' (in a long task)' : ''}`).join(', ') || '—';
for (const p of puzzles) {
    console.log(`| \`${p.route}\` | ${p.probes} | ${p.open.longTasks} (${p.open.longestMs} ms) | ${traced(p.open.traceLongTasksMs)} | ${engine(p.open.engine)} | ${p.checks.longTasks} (${p.checks.longestMs} ms) | ${traced(p.checks.traceLongTasksMs)} |`);
}
