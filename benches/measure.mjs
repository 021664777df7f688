// Browser-side measurements for scripts/bench: first-load transfer, time to interactive under 4x
// CPU throttling, long tasks and frame rate while a trace plays, memory across 200 puzzles.
// Usage: node benches/measure.mjs [--size] APP_DIST BASELINE_DIST  → prints JSON on stdout.
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/static-server.mjs';
import { onPageMainThread, recordTrace } from '../tests/e2e/trace.mjs';

// --size: sizes only (one plain load of each app to see what it requests; nothing timed).
const SIZE_ONLY = process.argv.includes('--size');
// --load: the alternated cold loads only (no playback, no memory): quick figures for the first screen.
const LOAD_ONLY = process.argv.includes('--load');
// `--investigate`: only the Investigate figures (opening puzzles and running every check at 4x).
const INVESTIGATE_ONLY = process.argv.includes('--investigate');
const [appDist, baselineDist] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--js-flags=--expose-gc'];

const kindOf = (name) => ({ '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html' }[extname(name)] ?? 'other');
const gzipOf = (dir, name) => gzipSync(readFileSync(join(dir, name)), { level: 9 }).length;

function sum(dir, names) {
    const parts = { wasm: 0, js: 0, css: 0, html: 0, other: 0 };
    const sizes = {};
    for (const name of names) {
        sizes[name] = gzipOf(dir, name);
        parts[kindOf(name)] += sizes[name];
    }
    return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0), files: names, sizes };
}

// Everything the build ships, for context (the service worker precaches it after a first visit).
function wholeBuild(dir) {
    return sum(dir, readdirSync(dir).filter((n) => n !== 'sw.js' && !n.endsWith('.png') && n !== 'icon.svg' && !n.endsWith('.webmanifest')));
}

// What a first visit to the start page downloads: every same-origin file the page requested
// until it was interactive and quiet, gzip-sized from the build (icons and manifest aside, as in
// wholeBuild).
function firstLoad(dir, paths) {
    const names = [...new Set(paths.map((p) => decodeURIComponent(p.replace(/^\//, '')) || 'index.html'))]
        .filter((n) => n !== 'sw.js' && !n.endsWith('.png') && n !== 'icon.svg' && !n.endsWith('.webmanifest'));
    return sum(dir, names);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function withBrowser(fn) {
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'faultline-bench-')), {
        executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 1280, height: 860 },
        serviceWorkers: 'block',
    });
    try {
        return await fn(context);
    } finally {
        await context.close();
    }
}

// TTI here: the later of the first wasm-rendered <h1> and the end of the last long task, once the
// main thread has been quiet for a second. The same load also gives the figures users and
// Lighthouse see: first contentful paint, largest contentful paint, long tasks and "ready".
const INIT = `
    window.__bench = { h1: null, longTasks: [], lcp: null };
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // The first <h1> the app itself rendered (a pre-rendered one in the HTML does not count: the
    // app marks it data-app once it has hydrated it).
    new MutationObserver((_, observer) => {
        if (document.querySelector('h1:not([data-prerendered]), h1[data-app]')) { window.__bench.h1 = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-app'] });
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
`;

async function timeToInteractive(context, url) {
    const page = await context.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.addInitScript(INIT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.h1 !== null, null, { timeout: 60000 });
    await page.waitForTimeout(1500);
    await page.waitForTimeout(Math.max(0, 3000 - await page.evaluate(() => performance.now())));
    const result = await page.evaluate(() => {
        const tasks = window.__bench.longTasks;
        const last = tasks.reduce((m, t) => Math.max(m, t.end), 0);
        // The start page renders its panels over a few short tasks; this is when the last is in.
        const complete = performance.getEntriesByName('faultline:simulator-complete')[0]?.startTime ?? null;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
        const load = performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null;
        // Ready: the start of the first 500 ms window with no long task in it, after load and FCP.
        let ready = Math.max(load ?? 0, fcp ?? 0);
        for (const t of [...tasks].sort((a, b) => a.start - b.start)) {
            if (t.end > ready && t.start < ready + 500) ready = t.end;
        }
        // Total blocking time, as Lighthouse counts it: each long task's time past 50 ms, from FCP.
        const tbt = tasks.filter((t) => t.start >= (fcp ?? 0)).reduce((sum, t) => sum + Math.max(0, t.end - t.start - 50), 0);
        return {
            h1: window.__bench.h1, tti: Math.max(window.__bench.h1, last), complete, fcp, lcp: window.__bench.lcp,
            load, ready, tbt, longTasks: tasks.map((t) => [Math.round(t.start), Math.round(t.end - t.start)]),
        };
    });
    await page.close();
    return { ...result, requested };
}

/** The seed (1–30) whose generated puzzle has the most events: the heaviest playback. */
function longestSeed() {
    const bin = join(import.meta.dirname, '..', 'target', 'release', 'faultline');
    let best = { seed: 1, events: 0 };
    for (let seed = 1; seed <= 30; seed += 1) {
        const p = JSON.parse(execFileSync(bin, ['puzzle', '--seed', String(seed)], { encoding: 'utf8', maxBuffer: 64 << 20 }));
        if (p.view.evidence.events.length > best.events) best = { seed, events: p.view.evidence.events.length };
    }
    return best;
}

async function playback(context, url) {
    const { seed, events } = longestSeed();
    const page = await context.newPage();
    await page.addInitScript(INIT);
    await page.goto(`${url}#/puzzle/${seed}`);
    const play = page.getByRole('button', { name: /^play/i }).first();
    await play.waitFor({ timeout: 30000 });
    await page.getByRole('combobox', { name: 'Playback speed' }).selectOption({ label: '4×' });
    await page.evaluate(() => { window.__bench.longTasks = []; });
    const stats = await page.evaluate(async (seconds) => {
        let frames = 0;
        let worst = 0;
        let last = performance.now();
        const end = last + seconds * 1000;
        await new Promise((done) => {
            const tick = (now) => {
                frames += 1;
                worst = Math.max(worst, now - last);
                last = now;
                if (now < end) requestAnimationFrame(tick); else done();
            };
            requestAnimationFrame(tick);
            document.querySelector('button[aria-label^="Play" i], button[title^="Play" i]')?.click()
                ?? [...document.querySelectorAll('button')].find((b) => /^play/i.test(b.textContent.trim()))?.click();
        });
        return { fps: frames / seconds, worstFrameMs: worst, longTasks: window.__bench.longTasks.filter((t) => t.end - t.start > 50).length };
    }, 6);
    await page.close();
    return { ...stats, seed, events };
}

async function memory(context, url, puzzles) {
    const page = await context.newPage();
    await page.addInitScript(INIT);
    // A puzzle route, so every sample is taken in the full app (the start page is its own module).
    await page.goto(`${url}#/puzzle/1000`);
    await page.locator('.logs-panel').waitFor();
    const cdp = await context.newCDPSession(page);
    const samples = [];
    for (let i = 0; i <= puzzles; i += 1) {
        if (i > 0) {
            await page.evaluate((seed) => { location.hash = `#/puzzle/${seed}`; }, 1000 + i);
            await page.waitForTimeout(20);
        }
        if (i % 50 === 0) {
            await cdp.send('HeapProfiler.collectGarbage');
            const heap = await cdp.send('Runtime.getHeapUsage');
            const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
            samples.push({ puzzles: i, jsHeapKB: Math.round(heap.usedSize / 1024), wasmKB: wasm === null ? null : Math.round(wasm / 1024) });
        }
    }
    await page.close();
    return samples;
}

// Investigate mode at 4x CPU throttling: the app is booted first (unthrottled), then each puzzle
// is opened by a hash change (the trace, every probe's facts and the expert path are computed
// then) and every check in its toolbox is run by a click, one after another. Long tasks (> 50 ms)
// are counted separately for opening and for the checks, with the longest of each.
const INVESTIGATE_PUZZLES = [
    '#/packs/webhooks/deliveries-refused-since-receiver-restored-backup',
    '#/packs/gateways-rate-limits-5xx/partner-dashboard-refused-since-yesterdays-release',
    '#/packs/mixed-incidents/one-partner-still-refused-after-spike-recovered',
];

async function investigate(context, url) {
    const page = await context.newPage();
    await page.addInitScript(INIT);
    await page.goto(`${url}#/packs`);
    await page.locator('h1').first().waitFor();
    await page.waitForTimeout(1500);
    // A learner reads the pack list before opening a puzzle: by then the warm-ups have run, the
    // worker (assets/pwa/warm.js) and the fonts (assets/pwa/fonts.js). Their reports are kept with
    // the figures.
    await page.waitForFunction(() => window.faultlineWarm && !window.faultlineWarm.started, null, { timeout: 30000 }).catch(() => {});
    await page.waitForFunction(() => window.faultlineFonts?.done || window.faultlineFonts?.error, null, { timeout: 30000 }).catch(() => {});
    const warmUp = await page.evaluate(() => window.faultlineWarm ?? null);
    const fonts = await page.evaluate(() => window.faultlineFonts ?? null);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const summarise = (tasks) => ({
        longTasks: tasks.length,
        longestMs: Math.round(tasks.reduce((m, t) => Math.max(m, t.end - t.start), 0)),
    });
    const since = (t0) => page.evaluate((t0) => window.__bench.longTasks.filter((t) => t.start >= t0), t0);
    // The engine's own work (User Timing measures `faultline:engine:*`: the puzzle, every probe's
    // result, the expert path), each with whether a long task held it.
    const engineSince = (t0) => page.evaluate((t0) => {
        const long = window.__bench.longTasks;
        return performance.getEntriesByType('measure')
            .filter((m) => m.name.startsWith('faultline:engine:') && m.startTime >= t0)
            .map((m) => ({
                what: m.name.slice('faultline:engine:'.length),
                ms: Math.round(m.duration),
                inLongTask: long.some((t) => t.start <= m.startTime && m.startTime + m.duration <= t.end),
            }));
    }, t0);
    // The Long Tasks API leaves rendering frames out; Chrome's trace (what DevTools and Lighthouse
    // count) has every task on the main thread, style and layout included.
    const trace = await traceTasks(cdp);
    const puzzles = [];
    for (const route of INVESTIGATE_PUZZLES) {
        const t0 = await page.evaluate((route) => {
            performance.mark(`faultline-bench:open ${route}`);
            const t = performance.now();
            location.hash = route;
            return t;
        }, route);
        await page.locator('.tools-panel .tool').first().waitFor({ timeout: 60000 });
        await page.waitForTimeout(800);
        const open = { ...summarise(await since(t0)), engine: await engineSince(t0) };
        const t1 = await page.evaluate((route) => {
            performance.mark(`faultline-bench:checks ${route}`);
            return performance.now();
        }, route);
        const probes = await page.locator('.tools-panel .tool').evaluateAll((buttons) => buttons.map((b) => b.dataset.probe));
        for (const [i, probe] of probes.entries()) {
            // The element's own click: Playwright's actionability checks (hit tests in the page)
            // would run on the main thread being measured, which a learner's click does not.
            await page.evaluate((p) => document.querySelector(`.tool[data-probe="${p}"]`).click(), probe);
            await page.waitForFunction((n) => document.querySelectorAll('.probe-timeline li').length >= n, i + 1, { timeout: 30000 });
        }
        await page.waitForTimeout(800);
        await page.evaluate((route) => performance.mark(`faultline-bench:checked ${route}`), route);
        puzzles.push({ route, probes: probes.length, open, checks: summarise(await since(t1)) });
    }
    const traced = await trace.stop();
    for (const p of puzzles) {
        const [opened, checks, checked] = ['open', 'checks', 'checked'].map((m) => traced.marks[`faultline-bench:${m} ${p.route}`]);
        const long = (a, z) => traced.tasks.filter((t) => t.ts >= a && t.ts < z && t.dur > 50000).map((t) => Math.round(t.dur / 1000));
        p.open.traceLongTasksMs = long(opened - 1000, checks);
        p.checks.traceLongTasksMs = long(checks, checked);
    }
    await page.close();
    return { warmUp, fonts, puzzles };
}

/**
 * Records Chrome's trace from now until `stop()`, which gives the main thread's tasks (`ts`, `dur`
 * in µs) and the page's performance marks by name (their `ts`, on the same clock).
 */
async function traceTasks(cdp) {
    // `RunTask` is in DevTools' own timeline category; without it the trace has no tasks to count.
    const trace = await recordTrace(cdp, ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing']);
    return {
        async stop() {
            const events = await trace.stop();
            const marks = Object.fromEntries(events.filter((e) => e.name.startsWith('faultline-bench:')).map((e) => [e.name, e.ts]));
            // The thread that ran the page's script.
            const onMain = onPageMainThread(events, (x) => x.name === 'FunctionCall');
            const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && onMain(e));
            // No task at all is a trace that missed them, not a page without long tasks.
            if (tasks.length === 0) throw new Error("the trace has no tasks on the page's main thread");
            return { marks, tasks };
        },
    };
}

/** One plain load (no throttling, nothing timed): the files a first visit requests. */
async function requestedOnce(context, url) {
    const page = await context.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.addInitScript(INIT);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.h1 !== null, null, { timeout: 60000 });
    await page.waitForTimeout(1500);
    await page.close();
    return requested;
}

const appServer = await startServer(appDist, 0, '/');
const baseServer = await startServer(baselineDist, 0, '/');
const appUrl = `http://127.0.0.1:${appServer.address().port}/`;
const baseUrl = `http://127.0.0.1:${baseServer.address().port}/`;
const results = { runs: RUNS, app: { build: wholeBuild(appDist) }, baseline: { build: wholeBuild(baselineDist) } };
if (SIZE_ONLY) {
    await withBrowser(async (context) => {
        results.app.transfer = firstLoad(appDist, await requestedOnce(context, appUrl));
        results.baseline.transfer = firstLoad(baselineDist, await requestedOnce(context, baseUrl));
    });
    appServer.close();
    baseServer.close();
    console.log(JSON.stringify(results, null, 2));
    process.exit(0);
}
if (INVESTIGATE_ONLY) {
    await withBrowser(async (context) => { results.app.investigate = await investigate(context, appUrl); });
    appServer.close();
    baseServer.close();
    console.log(JSON.stringify(results, null, 2));
    process.exit(0);
}
await withBrowser(async (context) => {
    // Interleaved (app, baseline, app, …) so a slow spell of the machine hits both alike.
    const runs = { app: [], baseline: [] };
    for (let i = 0; i < RUNS; i += 1) {
        for (const [key, url] of [['app', appUrl], ['baseline', baseUrl]]) runs[key].push(await timeToInteractive(context, url));
    }
    for (const key of ['app', 'baseline']) {
        results[key].transfer = firstLoad(key === 'app' ? appDist : baselineDist, runs[key][0].requested);
        results[key].ttiMs = Math.round(median(runs[key].map((r) => r.tti)));
        results[key].ttiRunsMs = runs[key].map((r) => Math.round(r.tti));
        results[key].firstRenderMs = Math.round(median(runs[key].map((r) => r.h1)));
        if (runs[key].every((r) => r.complete !== null)) results[key].completeMs = Math.round(median(runs[key].map((r) => r.complete)));
        for (const figure of ['fcp', 'lcp', 'ready', 'tbt']) {
            results[key][`${figure}Ms`] = Math.round(median(runs[key].map((r) => r[figure] ?? Infinity)));
            results[key][`${figure}RunsMs`] = runs[key].map((r) => Math.round(r[figure] ?? -1));
        }
        results[key].longTaskCount = median(runs[key].map((r) => r.longTasks.length));
        results[key].longTaskTotalMs = Math.round(median(runs[key].map((r) => r.longTasks.reduce((a, [, d]) => a + d, 0))));
        results[key].longTaskRuns = runs[key].map((r) => r.longTasks);
    }
    if (LOAD_ONLY) return;
    try {
        results.app.playback = await playback(context, appUrl);
    } catch (error) {
        results.app.playback = { error: error.message.split('\n')[0] };
    }
    try {
        results.app.investigate = await investigate(context, appUrl);
    } catch (error) {
        results.app.investigate = { error: error.message.split('\n')[0] };
    }
    results.app.memory = await memory(context, appUrl, Number(process.env.BENCH_PUZZLES ?? 200));
});
appServer.close();
baseServer.close();
console.log(JSON.stringify(results, null, 2));
