// Chrome's trace over the DevTools protocol, for the tests and benches that count what ran on the
// page's main thread (long tasks, lazy WebAssembly compilations).

/** Records the trace's `categories` from now until `stop()`, which resolves to its events. */
export async function recordTrace(cdp, categories) {
    const events = [];
    const collect = ({ value }) => events.push(...value);
    cdp.on('Tracing.dataCollected', collect);
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: [...categories, '__metadata'] }, transferMode: 'ReportEvents' });
    return {
        async stop() {
            const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
            await cdp.send('Tracing.end');
            await complete;
            cdp.off('Tracing.dataCollected', collect);
            return events;
        },
    };
}

/**
 * Whether an event ran on the page's main thread: the renderer main thread on which an event
 * `ranThere` accepts ran (other renderers, a worker's page among them, have main threads too).
 */
export function onPageMainThread(events, ranThere) {
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
        && events.some((x) => x.pid === e.pid && x.tid === e.tid && ranThere(x)));
    return main ? (e) => e.pid === main.pid && e.tid === main.tid : () => false;
}
