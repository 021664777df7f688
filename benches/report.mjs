// Prints the bench figures side by side with their targets and rewrites the "Latest run" part of
// BENCHMARKS.md. Usage: node report.mjs measure.json lighthouse.json engine.txt BENCHMARKS.md
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';

const [measureFile, lighthouseFile, engineFile, benchmarksFile] = process.argv.slice(2);
const m = JSON.parse(readFileSync(measureFile, 'utf8'));
const lh = JSON.parse(readFileSync(lighthouseFile, 'utf8'));
const engine = readFileSync(engineFile, 'utf8');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');
const verdict = (ok) => (ok ? 'met' : 'MISSED');

const app = m.app;
const base = m.baseline;
const mem = app.memory ?? [];
const firstMem = mem[0] ?? {};
const lastMem = mem[mem.length - 1] ?? {};
const rows = [
    ['First load of the start page, gzip (every file it requests)', kb(app.transfer.total), kb(base.transfer.total), ratio(app.transfer.total, base.transfer.total), '≤ 250 KB', verdict(app.transfer.total <= 250 * 1024)],
    ['  of which wasm', kb(app.transfer.wasm), kb(base.transfer.wasm), ratio(app.transfer.wasm, base.transfer.wasm), '', ''],
    ['  of which js', kb(app.transfer.js), kb(base.transfer.js), '', '', ''],
    ['  of which css', kb(app.transfer.css), kb(base.transfer.css), '', '', ''],
    ['  of which html and data', kb(app.transfer.html + app.transfer.other), kb(base.transfer.html + base.transfer.other), '', '', ''],
    ['Whole build, gzip (precached after the first visit)', kb(app.build.total), kb(base.build.total), '', '', ''],
    ['Time to interactive, 4× CPU throttle (median)', `${app.ttiMs} ms`, `${base.ttiMs} ms`, ratio(app.ttiMs, base.ttiMs), '≤ 1.5× baseline', verdict(app.ttiMs <= 1.5 * base.ttiMs)],
    ['First contentful paint (median)', `${app.fcpMs} ms`, `${base.fcpMs} ms`, ratio(app.fcpMs, base.fcpMs), '≤ baseline', verdict(app.fcpMs <= base.fcpMs)],
    ['Largest contentful paint (median)', `${app.lcpMs} ms`, `${base.lcpMs} ms`, ratio(app.lcpMs, base.lcpMs), '≤ 1.2× baseline', verdict(app.lcpMs <= 1.2 * base.lcpMs)],
    ['Ready: first 500 ms with no long task, after load and FCP (median)', `${app.readyMs} ms`, `${base.readyMs} ms`, ratio(app.readyMs, base.readyMs), '≤ 1.5× baseline', verdict(app.readyMs <= 1.5 * base.readyMs)],
    ['Total blocking time from FCP (median)', `${app.tbtMs} ms`, `${base.tbtMs} ms`, '', '0', verdict(app.tbtMs === 0)],
    ['Long tasks after navigation (median count, median total)', `${app.longTaskCount}, ${app.longTaskTotalMs} ms`, `${base.longTaskCount}, ${base.longTaskTotalMs} ms`, '', '', ''],
    ['First render (median)', `${app.firstRenderMs} ms`, `${base.firstRenderMs} ms`, ratio(app.firstRenderMs, base.firstRenderMs), '', ''],
    ['Start page complete: every panel rendered (median)', app.completeMs === undefined ? 'not measured' : `${app.completeMs} ms`, '', '', '', ''],
];
if (app.playback && !app.playback.error) {
    rows.push([`Long tasks > 50 ms while the heaviest trace (seed ${app.playback.seed}, ${app.playback.events} events) plays at 4×`, String(app.playback.longTasks), '', '', '0', verdict(app.playback.longTasks === 0)]);
    rows.push(['Frame rate while a trace plays', `${app.playback.fps.toFixed(1)} fps (worst frame ${app.playback.worstFrameMs.toFixed(0)} ms)`, '', '', '≥ 58 fps', verdict(app.playback.fps >= 58)]);
} else {
    rows.push(['Playback', `not measured: ${app.playback?.error ?? 'no play button'}`, '', '', '', 'MISSED']);
}
if (Array.isArray(app.investigate?.puzzles)) {
    rows.push(['Investigate: the warm-up worker before the first puzzle', JSON.stringify(app.investigate.warmUp), '', '', 'ran', verdict(app.investigate.warmUp?.ran > 0)]);
    rows.push(['Investigate: the fonts warmed before the first puzzle', JSON.stringify(app.investigate.fonts), '', '', 'done', verdict(app.investigate.fonts?.done === true)]);
    for (const p of app.investigate.puzzles) {
        const name = p.route.split('/').pop();
        rows.push([`Investigate \`${name}\`: long tasks > 50 ms opening it, at 4× (longest)`, `${p.open.longTasks} (${p.open.longestMs} ms)`, '', '', '0', verdict(p.open.longTasks === 0)]);
        rows.push([`Investigate \`${name}\`: long tasks > 50 ms running all ${p.probes} checks, at 4× (longest)`, `${p.checks.longTasks} (${p.checks.longestMs} ms)`, '', '', '0', verdict(p.checks.longTasks === 0)]);
        // Chrome's trace also counts rendering frames, which the Long Tasks API leaves out.
        const traced = (list) => (list.length ? list.map((ms) => `${ms} ms`).join(', ') : 'none');
        if (p.open.traceLongTasksMs) {
            rows.push([`Investigate \`${name}\`: tasks > 50 ms in Chrome's trace, opening it / running every check`, `${traced(p.open.traceLongTasksMs)} / ${traced(p.checks.traceLongTasksMs)}`, '', '', 'none', verdict(!p.open.traceLongTasksMs.length && !p.checks.traceLongTasksMs.length)]);
        }
    }
} else {
    rows.push(['Investigate', `not measured: ${app.investigate?.error ?? 'no figures'}`, '', '', '', 'MISSED']);
}
rows.push(['JS heap after 0 → 200 puzzles', `${firstMem.jsHeapKB} → ${lastMem.jsHeapKB} KB`, '', '', 'flat', verdict(lastMem.jsHeapKB <= firstMem.jsHeapKB * 1.5 + 512)]);
rows.push(['wasm memory after 0 → 200 puzzles', `${firstMem.wasmKB} → ${lastMem.wasmKB} KB`, '', '', 'flat', verdict(lastMem.wasmKB <= firstMem.wasmKB * 1.5 + 1024)]);
// Lighthouse's own simulated figures beside its score: they say which part of the load costs it points.
const simulated = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time']
    .map((id) => lh.audits?.[id]?.displayValue && `${id.split('-').map((w) => w[0].toUpperCase()).join('')} ${lh.audits[id].displayValue}`)
    .filter(Boolean).join(', ');
for (const [id, target] of [['performance', 95], ['accessibility', 100], ['best-practices', 100]]) {
    const score = lh.categories?.[id]?.score;
    const shown = score === undefined ? 'not run' : String(Math.round(score * 100));
    const detail = id === 'performance' && simulated ? ` (simulated: ${simulated})` : '';
    rows.push([`Lighthouse ${id}`, `${shown}${detail}`, '', '', target === 100 ? '100' : `≥ ${target}`, verdict(score !== undefined && Math.round(score * 100) >= target)]);
}

const header = ['measure', 'Faultline', 'empty Yew app', 'ratio', 'target', 'result'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const memTable = ['| puzzles played | JS heap | wasm memory |', '| --- | --- | --- |', ...mem.map((s) => `| ${s.puzzles} | ${s.jsHeapKB} KB | ${s.wasmKB} KB |`)].join('\n');
const divan = engine.slice(Math.max(0, engine.indexOf('Timer precision'))).trim();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
const section = `## Latest run (scripts/bench)

Machine: ${machine}. Headless Debian Chromium; TTI is the median of ${m.runs} cold loads of each app,
interleaved (cache disabled, 4× CPU throttling, text and wasm sent gzip-compressed as a static
host sends them): the later of the first wasm-rendered heading and
the end of the last long task. Every run, in ms: Faultline ${app.ttiRunsMs?.join(', ')}; empty app
${base.ttiRunsMs?.join(', ')}.
The same loads give the figures users and Lighthouse see. FCP and LCP are the browser's own
entries; ready is the start of the first 500 ms window with no long task (> 50 ms) in it, at or
after the load event and FCP; total blocking time adds each long task's time past 50 ms from FCP
on (Lighthouse stops at its TTI, this counts to 3 s after navigation). Every run, in ms:
${['fcp', 'lcp', 'ready', 'tbt'].map((f) => `${f.toUpperCase()} Faultline ${app[`${f}RunsMs`]?.join(', ')}; empty app ${base[`${f}RunsMs`]?.join(', ')}`).join('.\n')}.
Long tasks (start ms, duration ms) per Faultline run: ${(app.longTaskRuns ?? []).map((r) => r.map(([at, d]) => `${at}+${d}`).join(' ') || 'none').join(' | ')}.
First load counts every file the start page requested in that time (gzip -9), the whole build is
everything the service worker precaches afterwards.

${table}

Files the start page requested: ${app.transfer.files.join(', ')}.

Memory while playing puzzles (after a forced GC):

${memTable}

Engine (divan, native release):

\`\`\`
${divan.trim()}
\`\`\`
`;
console.log(section);
const marker = '<!-- bench:start -->';
const end = '<!-- bench:end -->';
let doc = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
if (doc.includes(marker)) doc = doc.slice(0, doc.indexOf(marker)) + doc.slice(doc.indexOf(end) + end.length).replace(/^\n/, '');
writeFileSync(benchmarksFile, `${doc.trimEnd()}\n\n${marker}\n${section}${end}\n`);
