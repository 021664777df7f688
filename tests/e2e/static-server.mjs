// A plain static file server, like any static host: no rewrites except serving index.html for
// unknown paths without an extension (so deep links survive a reload). Used by scripts/serve and
// by the end-to-end tests.
// Usage: node static-server.mjs DIR PORT [BASE_PATH] [CACHE_CONTROL]
// CACHE_CONTROL is the Cache-Control header sent with every file: "no-cache" (the default) makes
// the browser revalidate each time; "max-age=600" behaves like hosts (GitHub Pages among them)
// that let browsers reuse a file for minutes, index.html included.
// Text and WebAssembly go out gzip-compressed to a browser that accepts it, as every static host
// sends them: the bench's Lighthouse run and load figures then see the bytes a visitor downloads.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipped = promisify(gzip);

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
    '.webmanifest': 'application/manifest+json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.svg', '.txt']);

// Compressed bodies by file, kept while the file's size and time are unchanged (a deploy writes new files).
const compressedCache = new Map();
async function compressedBody(file, { size, mtimeMs }, body) {
    const kept = compressedCache.get(file);
    if (kept && kept.size === size && kept.mtimeMs === mtimeMs) return kept.body;
    const compressed = await gzipped(body);
    compressedCache.set(file, { size, mtimeMs, body: compressed });
    return compressed;
}

/**
 * Serves `dir` under `basePath`. The returned server's `serveFrom(dir)` switches to another
 * directory at once, as a deploy does.
 */
export function startServer(dir, port = 0, basePath = '/', { cacheControl = 'no-cache' } = {}) {
    let root = resolve(dir);
    const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
    const server = createServer(async (req, res) => {
        const url = new URL(req.url, 'http://127.0.0.1');
        if (!url.pathname.startsWith(base)) {
            res.writeHead(404).end('not found');
            return;
        }
        const servedRoot = root;
        const relative = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
        let file = normalize(join(servedRoot, relative));
        if (!file.startsWith(servedRoot)) {
            res.writeHead(403).end('forbidden');
            return;
        }
        try {
            if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        } catch {
            if (extname(file) === '') file = join(servedRoot, 'index.html');
        }
        try {
            const version = await stat(file);
            let body = await readFile(file);
            const headers = {
                'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
                'cache-control': cacheControl,
            };
            if (COMPRESSED.has(extname(file))) {
                headers.vary = 'accept-encoding';
                if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
                    body = await compressedBody(file, version, body);
                    headers['content-encoding'] = 'gzip';
                }
            }
            headers['content-length'] = body.length;
            res.writeHead(200, headers);
            res.end(req.method === 'HEAD' ? undefined : body);
        } catch {
            res.writeHead(404).end('not found');
        }
    });
    server.serveFrom = (next) => {
        root = resolve(next);
    };
    return new Promise((done) => {
        server.listen(port, '127.0.0.1', () => done(server));
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const [dir = 'dist', port = '8080', base = '/', cacheControl = 'no-cache'] = process.argv.slice(2);
    const server = await startServer(dir, Number(port), base, { cacheControl });
    const { port: actual } = server.address();
    console.log(`Serving ${resolve(dir)} at http://127.0.0.1:${actual}${base} (Cache-Control: ${cacheControl})`);
}
