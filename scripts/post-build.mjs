// Trunk post_build hook: turns trunk's output into an installable, offline, CSP-clean PWA.
// - moves trunk's inline loader into a file (the CSP allows no inline script) and adds the
//   service-worker registration to it;
// - renders the PNG icons from assets/pwa/icon.svg and copies the manifest;
// - writes sw.js with the list of every emitted file and a cache name derived from their content.
// Runs in TRUNK_STAGING_DIR (or the directory given as the first argument).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PWA = join(ROOT, 'assets', 'pwa');
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('post-build: set TRUNK_STAGING_DIR or pass the build directory');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';

const sha = (data) => createHash('sha256').update(data).digest('hex');

// 1. Extract the inline module loader.
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) throw new Error('post-build: trunk inline loader not found in index.html');
const loader = `${match[1].trim()}\n\n${readFileSync(join(PWA, 'register.js'), 'utf8')}`;
const loaderName = `loader-${sha(loader).slice(0, 16)}.js`;
writeFileSync(join(staging, loaderName), loader);
html = html.replace(inline, `<script type="module" src="${publicUrl}${loaderName}"></script>`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('post-build: an inline script is left');
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
console.log(`post-build: ${loaderName}, ${precache.length} files precached as faultline-${buildHash.slice(0, 16)}`);
