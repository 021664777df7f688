#!/usr/bin/env node
// Re-rates every built-in scenario from its measured inference steps and orders each pack file
// easy → hard (stable within a difficulty). A scenario whose trainer kit says why it departs from
// the measure (`trainer.difficulty_why`) keeps its rating. Each file is written back in the form it
// is kept in (two-space JSON, non-ASCII as is, a final newline), so a diff shows only what moved.
// Then it runs `faultline check` on the index: a learning path that promised rising difficulty
// and no longer rises must be reordered by hand (its steps and its plan together).
//
// Usage: node scripts/rate-scenarios.mjs [--dry-run]
// Uses target/debug/faultline when it is built, else `cargo run -p faultline-engine --bin faultline`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = join(ROOT, 'assets', 'scenarios');
const INDEX = join(DIR, 'index.json');
const DRY = process.argv.includes('--dry-run');
const RANK = { easy: 0, medium: 1, hard: 2 };

function faultline(args) {
    const bin = join(ROOT, 'target', 'debug', 'faultline');
    const [cmd, pre] = existsSync(bin)
        ? [bin, []]
        : ['cargo', ['run', '-q', '-p', 'faultline-engine', '--bin', 'faultline', '--']];
    return execFileSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

const form = (obj) => `${JSON.stringify(obj, null, 2)}\n`;
const reports = JSON.parse(faultline(['difficulty', INDEX, '--json']));
let changed = 0;
for (const report of reports) {
    const file = join(DIR, report.file);
    const text = readFileSync(file, 'utf8');
    const pack = JSON.parse(text);
    if (form(pack) !== text) throw new Error(`${report.file} is not in its usual form; format it first`);
    const due = new Map(report.scenarios.map((s) => [s.id, s.reason ? s.rating : s.measured]));
    const notes = [];
    for (const s of pack.scenarios) {
        if (typeof s !== 'object') throw new Error(`${report.file}: scenarios given by file name are not re-rated`);
        const d = due.get(s.id);
        if (d && d !== s.difficulty) {
            notes.push(`  ${s.id}: ${s.difficulty} → ${d}`);
            s.difficulty = d;
        }
    }
    const before = pack.scenarios.map((s) => s.id).join(' ');
    // Array.prototype.sort is stable: the file's order stays within a difficulty.
    pack.scenarios.sort((a, b) => RANK[a.difficulty] - RANK[b.difficulty]);
    const moved = before !== pack.scenarios.map((s) => s.id).join(' ');
    const out = form(pack);
    if (out !== text) {
        changed += 1;
        console.log(`${report.file}: ${notes.length} re-rated${moved ? ', reordered easy → hard' : ''}`);
        for (const n of notes) console.log(n);
        if (!DRY) writeFileSync(file, out);
    }
}
console.log(`${changed} pack file(s) ${DRY ? 'would change' : 'changed'}`);
if (!DRY) {
    try {
        process.stdout.write(faultline(['check', INDEX]));
    } catch (e) {
        process.stdout.write(e.stdout ?? '');
        console.error('faultline check failed: fix the paths above (steps and plan together), then run it again');
        process.exit(1);
    }
}
