// Trunk post_build hook: turns trunk's output into an installable, offline, CSP-clean PWA that
// survives deploys.
// - names every file the app fetches (the three modules, the warm-ups, the stylesheets, the
//   study reference) after
//   its content, so a page still running an earlier build never gets a newer file by its name;
// - replaces trunk's inline loader with ours (assets/pwa/boot.js + register.js), inline and
//   allowed by its hash in the CSP: it boots the start-page or the full module and registers the
//   service worker; tells the app the reference's name and the build's id in <meta> tags;
// - renders the PNG icons from assets/pwa/icon.svg and copies the manifest;
// - writes sw.js with the build's id and every file with its size and SHA-256, which the worker
//   checks each download against before it installs.
// Runs in TRUNK_STAGING_DIR (or the directory given as the first argument). Running it again on
// its own output changes nothing; after a file in the output changed, it gives a consistent new
// build (the deploy test makes its second build that way).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PWA = join(ROOT, 'assets', 'pwa');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: set TRUNK_STAGING_DIR or pass the build directory');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';

const sha = (...parts) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return hash.digest('hex');
};
const read = (name) => readFileSync(join(staging, name));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// 1. Take out what this script adds (a second run starts from the same page as the first), and
//    trunk's own loader and preloads (a deep link needs the full module, not the start one).
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inlineScripts = /\n?[ \t]*<script(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/g;
if (!inlineScripts.test(html)) throw new Error('post-build: no inline loader in index.html (is this trunk\'s output?)');
html = html.replace(inlineScripts, '');
html = html.replace(/\n?[ \t]*<meta name="faultline-[^"]*" content="[^"]*">/g, '');
html = html.replace(/\n?[ \t]*<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval')(?: 'sha256-[A-Za-z0-9+/=]+')?([^"]*">)/;
if (!csp.test(html)) throw new Error("post-build: the CSP meta with \"script-src 'self' 'wasm-unsafe-eval'\" is missing");
html = html.replace(csp, (_, head, tail) => `${head}${tail}`);

// 2. Content names: "<stem>-<first 16 hex digits of the SHA-256 of the content><suffix>". Trunk
//    hashes some names itself, with another hash and not all of them (not the full module, not
//    copied files): every fetched file is renamed here, the same way.
const named = (pattern, what) => {
    const name = readdirSync(staging).find((f) => pattern.test(f));
    if (!name) throw new Error(`post-build: ${what} is missing from the build (${readdirSync(staging).join(', ')})`);
    return name;
};
const renamed = new Map();
function rename(from, to) {
    if (from === to) return;
    renameSync(join(staging, from), join(staging, to));
    renamed.set(from, to);
}
const hashOf = (...names) => sha(...names.map(read)).slice(0, 16);

// The modules: a .js and its _bg.wasm, one hash for the pair.
const app = (bin) => {
    const js = named(new RegExp(`^${bin}(-[0-9a-f]+)?\\.js$`), `${bin}'s .js`);
    const wasm = named(new RegExp(`^${bin}(-[0-9a-f]+)?_bg\\.wasm$`), `${bin}'s .wasm`);
    const hash = hashOf(wasm, js);
    rename(js, `${bin}-${hash}.js`);
    rename(wasm, `${bin}-${hash}_bg.wasm`);
    return { js: `${publicUrl}${bin}-${hash}.js`, wasm: `${publicUrl}${bin}-${hash}_bg.wasm` };
};
const apps = { start: app('faultline-start'), full: app('faultline-web'), progress: app('faultline-progress') };

// The warm-ups boot.js starts beside the full module: the worker (assets/pwa/warm.js, see
// src/logic/warm.rs) and the fonts (assets/pwa/fonts.js). Copied afresh, any earlier copy
// removed, so a second run gives the same files.
const copyNamed = (stem) => {
    for (const f of readdirSync(staging).filter((f) => new RegExp(`^${stem}-[0-9a-f]+\\.js$`).test(f))) rmSync(join(staging, f));
    const text = readFileSync(join(PWA, `${stem}.js`));
    const name = `${stem}-${sha(text).slice(0, 16)}.js`;
    writeFileSync(join(staging, name), text);
    return `${publicUrl}${name}`;
};
apps.warm = copyNamed('warm');
apps.fonts = copyNamed('fonts');

// The stylesheets. The modes' one is the full app's: boot.js adds it when it starts that app.
const single = (stem, suffix) => {
    const name = named(new RegExp(`^${stem}(-[0-9a-f]+)?${escape(suffix)}$`), `${stem}${suffix}`);
    const to = `${stem}-${hashOf(name)}${suffix}`;
    rename(name, to);
    return to;
};
html = html.replace(/\n?[ \t]*<link rel="stylesheet" href="[^"]*modes(-[0-9a-f]+)?\.css"[^>]*>/, '');
apps.full.css = `${publicUrl}${single('modes', '.css')}`;
for (const [, stem] of html.matchAll(/<link rel="stylesheet" href="[^"]*?([a-z]+)(?:-[0-9a-f]+)?\.css"/g)) single(stem, '.css');
const reference = `${publicUrl}${single('reference', '.json')}`;
for (const [from, to] of renamed) html = html.replaceAll(from, to);
// Trunk's subresource integrity, where present, follows the content.
html = html.replace(/(<link [^>]*href="[^"]*?([^"/]+)"[^>]*integrity=")(sha\d+)-[^"]*"/g, (_, head, name, algorithm) =>
    `${head}${algorithm}-${createHash(algorithm).update(read(name)).digest('base64')}"`);

// 3. Icons and manifest.
copyFileSync(join(PWA, 'icon.svg'), join(staging, 'icon.svg'));
copyFileSync(join(PWA, 'manifest.webmanifest'), join(staging, 'manifest.webmanifest'));
for (const size of [180, 192, 512]) {
    execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), join(PWA, 'icon.svg'), '-o', join(staging, `icon-${size}.png`)]);
}

// 4. The loader: one classic script, inline so it runs while the head is parsed (no request of
//    its own) and the right module starts downloading at once; allowed by its hash in the CSP,
//    nothing else inline is. Comment lines and indentation go: every first visit carries it.
const boot = readFileSync(join(PWA, 'boot.js'), 'utf8').replace('__APPS__', JSON.stringify(apps));
const bare = (js) => js.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//')).join('\n');
const loader = `(() => {\n${bare(boot)}\n${bare(readFileSync(join(PWA, 'register.js'), 'utf8'))}\n})();\n`;
const loaderHash = `'sha256-${createHash('sha256').update(loader).digest('base64')}'`;

// The start page's first screen, rendered by Yew's server-side renderer from the start module's
// own first render (src/shell/start_shell.rs): the page is readable before any WebAssembly runs,
// and the start module hydrates it in place. A deep link shows the loading line after it instead.
// The hydration markers lose the component names a debug build writes into them: Yew matches
// only their brackets, and every first visit carries them.
const shell = execFileSync('cargo', ['run', '-q', '--features', 'prerender', '--bin', 'faultline-prerender'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 })
    .replace(/<!--(<\/?\[)[\s\S]*?\]>-->/g, '<!--$1]>-->');
if (!shell.includes('The report') || /<script/i.test(shell)) throw new Error('post-build: the pre-rendered start page is not what src/shell/start_shell.rs renders');
// Its heading says it is served: scripts/bench times the app's first heading (the start module
// adds data-app once it has hydrated it).
const servedShell = shell.replace('<h1 class="brand">', '<h1 data-prerendered class="brand">');
if (servedShell === shell) throw new Error('post-build: the pre-rendered start page has no <h1 class="brand">');
html = html.replace(/\n?<!-- prerendered -->[\s\S]*?<!-- \/prerendered -->/, '');
html = html.replace(/<body>/, () => `<body>\n<!-- prerendered --><div id="prerendered">${servedShell}</div><p class="shell-deep" role="status">Loading…</p><!-- /prerendered -->`);

// 5. The build's id: everything it serves and its worker, so any change gives a new id and cache.
const files = [];
const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(relative(staging, path).split('\\').join('/'));
    }
};
walk(staging);
const served = files.filter((f) => f !== 'sw.js' && f !== 'index.html');
const swTemplate = readFileSync(join(PWA, 'sw-template.js'), 'utf8');
const build = sha(html, loader, swTemplate, ...served.map((f) => `\n${f}\0${sha(read(f))}`)).slice(0, 16);

html = html.replace(csp, (_, head, tail) => [
    `${head} ${loaderHash}${tail}`,
    `<meta name="faultline-build" content="${build}">`,
    // net.rs reads the reference's name here: an old page keeps asking for its own build's file.
    `<meta name="faultline-file:reference.json" content="${reference}">`,
    `<script>${loader}</script>`,
].join('\n    '));
if ((html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).length !== 1) throw new Error('post-build: an inline script other than the loader is left');

writeFileSync(indexPath, html);

// 6. The service worker, with every file it precaches and what each must be.
const precache = ['index.html', ...served].map((f) => {
    const bytes = read(f);
    return { path: f === 'index.html' ? './' : f, size: bytes.length, sha256: sha(bytes) };
});
const sw = swTemplate
    .replace('__BUILD__', build)
    .replace('__PRECACHE__', JSON.stringify(precache, null, 4));
writeFileSync(join(staging, 'sw.js'), sw);
console.log(`post-build: build ${build}, loader ${loaderHash}, ${precache.length} files precached`);
