// The warm-up worker (see src/logic/warm.rs for why). boot.js starts it once the full app runs,
// with that module's URL. It makes its own instance of the module, with every import the page
// would provide replaced by one that throws (the engine needs none), and runs the engine's
// warm-up. It reports what it did, or why it could not, and is then of no further use.
onmessage = async ({ data }) => {
    try {
        const module = await WebAssembly.compileStreaming(fetch(data.wasm));
        const imports = {};
        for (const { module: from, name } of WebAssembly.Module.imports(module)) {
            (imports[from] ??= {})[name] = () => {
                throw new Error(`the warm-up has no ${name}`);
            };
        }
        const { exports } = await WebAssembly.instantiate(module, imports);
        postMessage({ ran: exports.warm_engine(data.rounds) });
    } catch (error) {
        postMessage({ error: String(error) });
    }
};
