// Trunk post_build hook: turns trunk's output into an installable, offline, CSP-clean PWA.
// - replaces trunk's inline loader with ours (assets/pwa/boot.js + register.js), inline and
//   allowed by its hash in the CSP: it boots the start-page or the full module and registers the
//   service worker;
// - renders the PNG icons from assets/pwa/icon.svg and copies the manifest;
// - writes sw.js with the list of every emitted file and a cache name derived from their content.
// Runs in TRUNK_STAGING_DIR (or the directory given as the first argument).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PWA = join(ROOT, 'assets', 'pwa');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: set TRUNK_STAGING_DIR or pass the build directory');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';

const sha = (data) => createHash('sha256').update(data).digest('hex');

// 1. Replace trunk's inline loader (and its preload of the start module: a deep link needs the
//    full one instead) with ours, which knows both modules.
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
if (!inline.test(html)) throw new Error('post-build: trunk inline loader not found in index.html');
const emitted = readdirSync(staging);
const app = (bin) => {
    const own = (suffix) => emitted.find((f) => new RegExp(`^${bin}(-[0-9a-f]+)?${suffix}$`).test(f));
    let [js, wasm] = [own('\\.js'), own('_bg\\.wasm')];
    if (!js || !wasm) throw new Error(`post-build: ${bin} is missing from the build (${emitted.join(', ')})`);
    // Trunk hashes the main module's names but not a "worker" module's: hash those here, so a
    // new deploy never pairs an old cached file with a new one.
    if (js === `${bin}.js`) {
        const hash = sha(readFileSync(join(staging, wasm))).slice(0, 16);
        for (const [from, to] of [[js, `${bin}-${hash}.js`], [wasm, `${bin}-${hash}_bg.wasm`]]) {
            renameSync(join(staging, from), join(staging, to));
        }
        [js, wasm] = [`${bin}-${hash}.js`, `${bin}-${hash}_bg.wasm`];
    }
    return { js: `${publicUrl}${js}`, wasm: `${publicUrl}${wasm}` };
};
const apps = { start: app('faultline-start'), full: app('faultline-web') };
// The modes' stylesheet is the full app's: boot.js adds it when it starts that app.
const modesCss = html.match(/<link rel="stylesheet" href="([^"]*modes-[0-9a-f]+\.css)"[^>]*>/);
if (!modesCss) throw new Error('post-build: the modes stylesheet link is missing from index.html');
html = html.replace(modesCss[0], '');
apps.full.css = modesCss[1];
const boot = readFileSync(join(PWA, 'boot.js'), 'utf8').replace('__APPS__', JSON.stringify(apps));
// One classic script, inline so it runs while the head is parsed (no request of its own) and the
// right module starts downloading at once; allowed by its hash in the CSP, nothing else inline is.
// Comment lines and indentation go: the page carries it on every first visit.
const bare = (js) => js.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//')).join('\n');
const loader = `(() => {\n${bare(boot)}\n${bare(readFileSync(join(PWA, 'register.js'), 'utf8'))}\n})();\n`;
const loaderHash = `'sha256-${createHash('sha256').update(loader).digest('base64')}'`;
html = html.replace(inline, '');
const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval')([^"]*">)/;
if (!csp.test(html)) throw new Error("post-build: the CSP meta with \"script-src 'self' 'wasm-unsafe-eval'\" is missing");
html = html.replace(csp, (_, head, tail) => `${head} ${loaderHash}${tail}\n    <script>${loader}</script>`);
html = html.replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
if ((html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).length !== 1) throw new Error('post-build: an inline script other than the loader is left');
writeFileSync(indexPath, html);

// 2. Icons and manifest.
copyFileSync(join(PWA, 'icon.svg'), join(staging, 'icon.svg'));
copyFileSync(join(PWA, 'manifest.webmanifest'), join(staging, 'manifest.webmanifest'));
for (const size of [180, 192, 512]) {
    execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), join(PWA, 'icon.svg'), '-o', join(staging, `icon-${size}.png`)]);
}

// 3. Service worker with the precache list.
const files = [];
const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(relative(staging, path).split('\\').join('/'));
    }
};
walk(staging);
const precache = files.filter((f) => f !== 'sw.js');
const buildHash = sha(precache.map((f) => `${f}\0${sha(readFileSync(join(staging, f)))}`).join('\n'));
const sw = readFileSync(join(PWA, 'sw-template.js'), 'utf8')
    .replace('__CACHE_NAME__', `faultline-${buildHash.slice(0, 16)}`)
    .replace('__PRECACHE_LIST__', JSON.stringify(['./', ...precache.filter((f) => f !== 'index.html')], null, 4));
writeFileSync(join(staging, 'sw.js'), sw);
console.log(`post-build: loader ${loaderHash}, ${precache.length} files precached as faultline-${buildHash.slice(0, 16)}`);
