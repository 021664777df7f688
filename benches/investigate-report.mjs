// Prints the Investigate figures of `measure.mjs --investigate` (4x CPU throttling).
// Usage: node investigate-report.mjs investigate.json
import { readFileSync } from 'node:fs';

const m = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { warmUp, puzzles } = m.app.investigate;
console.log(`warm-up worker before the first puzzle: ${JSON.stringify(warmUp)}`);
console.log('| puzzle | checks | opening: long tasks > 50 ms (longest) | opening: the engine\'s work (in a long task?) | running every check: long tasks > 50 ms (longest) |');
console.log('| --- | --- | --- | --- | --- |');
const engine = (list) => (list ?? []).map((e) => `${e.what} ${e.ms} ms${e.inLongTask ? ' (in a long task)' : ''}`).join(', ') || '—';
for (const p of puzzles) {
    console.log(`| \`${p.route}\` | ${p.probes} | ${p.open.longTasks} (${p.open.longestMs} ms) | ${engine(p.open.engine)} | ${p.checks.longTasks} (${p.checks.longestMs} ms) |`);
}
