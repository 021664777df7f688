// Escalating from Investigate: after running checks, pinning lines, ruling a layer out and
// finishing the diagnosis, the learner writes the escalation note (what fails, since when, for
// whom, the ask, the owner), sees it checked against the scenario's evidence to attach and the
// owner, and copies the case file: Markdown with the note, the pinned lines by check, the cURL
// and the HAR. Nothing the case expects is in the page before the diagnosis is finished. A
// refused clipboard falls back to a selectable box and a download. A medium scenario is solved by
// touch at 360 px through to the case file; axe finds nothing; screenshots at 1366 and 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { assertClean, assertCount, assertSettles, noAxeViolations, openPage, screenshotPath, withBrowser } from './harness.mjs';

const MEDIUM = '#/packs/webhooks/deliveries-refused-since-receiver-restored-backup';
const TRACE = '8199826c031268f26350197cd7de7b0c';
const ATTACH = ['401 response body', 'receiver log line', 'delivery log lines', `trace id ${TRACE}`];

const env = withBrowser({}, {
    clearStorageEachTest: true,
    afterLaunch: (env) => env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin }),
});

/** The puzzle is open: its stages have rendered and par is worked out (the view's own mark). */
async function ready(page) {
    await page.locator('.tools-panel .tool').first().waitFor();
    await page.waitForFunction(() => performance.getEntriesByName('faultline:investigate-complete').length > 0);
}

/** The shown output has stopped growing: long outputs are written a chunk per task. */
async function outputSettled(page) {
    const lines = page.locator('.term-lines li');
    let before = -1;
    for (let n = await lines.count(); n !== before; n = await lines.count()) {
        before = n;
        await page.waitForTimeout(100);
    }
}

/** Runs a check (click or tap) and waits for it on the timeline. */
async function run(page, probe, how = 'click') {
    const before = await page.locator('.probe-timeline li').count();
    await page.locator(`.tool[data-probe="${probe}"]`)[how]();
    await assertCount(page.locator('.probe-timeline li'), before + 1, `${probe} on the timeline`);
}

/** Pins the first output line holding every one of `words`. */
async function pin(page, words, how = 'click') {
    await outputSettled(page);
    let line = page.locator('.term-line');
    for (const w of words) line = line.filter({ hasText: w });
    await line.first()[how]();
    await assertSettles(() => line.first().getAttribute('aria-pressed'), 'true', `pinned: ${words}`);
}

/** Answers every step by trying the choices in order until the finale. */
async function solve(page, how = 'click') {
    for (let guard = 0; guard < 40 && !(await page.locator('.finale').count()); guard++) {
        await page.locator('.question .choice:not([disabled])').first()[how]();
        await page.waitForTimeout(60);
    }
    await page.locator('.finale').waitFor();
}

/** Picks each owner until the check says the owner is right; returns its label. */
async function chooseRightOwner(page) {
    const options = await page.locator('#note-owner option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    for (const value of options) {
        await page.locator('#note-owner').selectOption(value);
        await page.waitForTimeout(150);
        const heading = page.locator('#note-check-heading');
        await heading.waitFor();
        if ((await heading.textContent()).endsWith('owner right')) {
            return page.locator('#note-owner option:checked').textContent();
        }
    }
    assert.fail('no owner choice is right');
}

/** Rules the path's first layer out with a reason, and waits for the ruling. */
async function ruleOutFirstLayer(page, reason, how = 'click') {
    const layer = await page.locator('.rule-form select option').first().getAttribute('value');
    await page.locator('.rule-form select').selectOption(layer);
    await page.getByLabel('Why, in one line').fill(reason);
    await page.getByRole('button', { name: 'Rule out' })[how]();
    await page.locator('.rulings li').getByText(reason).waitFor();
}

async function writeNote(page, { ask = true } = {}) {
    await page.getByLabel('What fails').fill('POST https://hooks.example.org/faultline/chat-ended returns 401 (key not in the key set)');
    await page.getByLabel('Since when').fill('2026-05-24 16:17 UTC, Sunday\'s restore');
    await page.getByLabel('For whom').fill('every chat-ended delivery');
    if (ask) await page.getByLabel('The ask').fill('restore our API key, then we replay the deliveries');
}

/** What the page says, visible or not (the spoiler rule is about the DOM). */
const pageText = (page) => page.evaluate(() => document.body.textContent);

test('run, pin, rule out, finish, write the note, see the check, copy the case file', async () => {
    const { page, problems } = await openPage(env, { path: MEDIUM, viewport: { width: 1366, height: 900 } });
    await ready(page);
    await run(page, 'webhook-delivery-log');
    await pin(page, ['status=401', TRACE]);
    await run(page, 'receiver-log');
    await ruleOutFirstLayer(page, 'the delivery reaches the receiver and gets an answer');
    await writeNote(page, { ask: false });
    assert.match(await page.locator('.note-statement').textContent(), /returns 401 .* since 2026-05-24 16:17 UTC, Sunday's restore, for every chat-ended delivery; evidence: 1 pinned line; ask: …\./);

    // Before the diagnosis is finished: no check, no case file, nothing the case expects.
    assert.equal(await page.getByRole('button', { name: 'Check the note' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Copy case file' }).count(), 0);
    const before = await pageText(page);
    for (const item of ATTACH.slice(0, 3)) assert.ok(!before.includes(item), `"${item}" is not in the page before the diagnosis`);
    await noAxeViolations(page, 'note before the diagnosis');

    await solve(page);
    await page.locator('.paths-panel').waitFor();
    assert.equal(await page.locator('.path-list.yours li').count(), 2);
    await assert.doesNotReject(page.locator('.paths-panel h3').getByText(/^Expert: /).waitFor());

    // The ask is missing and no owner chosen: both said beside their fields, nothing typed is lost.
    await page.getByRole('button', { name: 'Check the note' }).click();
    await assert.doesNotReject(page.locator('#note-ask-problem').getByText('The ask: write one line.').waitFor());
    assert.equal(await page.getByLabel('The ask').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#note-owner-problem').textContent(), 'Choose who owns the fix.');
    assert.match(await page.getByLabel('What fails').inputValue(), /^POST https:\/\/hooks/);
    await page.getByLabel('The ask').fill('restore our API key, then we replay the deliveries');
    assert.equal(await page.locator('#note-ask-problem').textContent(), '');

    // The checklist: the delivery log line covers three items; the receiver's line is missing.
    assert.match(await page.locator('#note-check-heading').textContent(), /^The check: 3 of 4 attached, owner wrong$/);
    const missing = page.locator('.checklist li.missing');
    await assert.doesNotReject(missing.getByText('receiver log line').waitFor());
    assert.match(await missing.filter({ hasText: 'receiver log line' }).textContent(), /pin a line from The webhook receiver's runbook and log/);
    const owner = (await chooseRightOwner(page)).trim();

    // Pin the receiver's line (its output is still in the terminal): every item covered.
    await pin(page, ['key not found']);
    await assertSettles(() => page.locator('#note-check-heading').textContent(), 'The check: 4 of 4 attached, owner right', 'all covered');
    assert.equal(await page.locator('.checklist li.missing').count(), 0);
    await noAxeViolations(page, 'the note checked');

    await page.getByRole('button', { name: 'Copy case file' }).click();
    await assert.doesNotReject(page.locator('.copy-status[role="status"]').getByText('✓ Case file copied to the clipboard (Markdown).').waitFor());
    const md = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(md.startsWith('# Case file: Every delivery gets 401'), md.slice(0, 200));
    assert.match(md, /\n> POST https:\/\/hooks\.example\.org\/faultline\/chat-ended returns 401 \(key not in the key set\) since 2026-05-24 16:17 UTC, Sunday's restore, for every chat-ended delivery; evidence: 2 pinned lines; ask: restore our API key, then we replay the deliveries\.\n/);
    assert.ok(md.includes(`- **Owner:** ${owner}\n`), `owner in the note: ${owner}`);
    assert.ok(md.includes(`- **Trace id:** \`${TRACE}\``));
    // Each pinned line under its check, the command first, in code blocks.
    assert.match(md, /### The webhook delivery log\n\n```sh\n\$ logcli query [^\n]*webhook-delivery[^\n]*\n```\n\n```text\n[^\n]*status=401[^\n]*\n```/);
    assert.match(md, /### The webhook receiver's runbook and log \(ask their team\)\n\n```sh\n\$ logcli [^\n]*\n```\n\n```text\n[^\n]*key not found in active key set[^\n]*\n```/);
    for (const item of ATTACH) assert.ok(md.includes(`- [x] ${item.replace(/_/g, '\\_')}`), `checked: ${item}`);
    assert.ok(md.includes('- [x] Owner: '));
    assert.match(md, /## Request \(cURL\)\n\n```sh\ncurl 'https:\/\/hooks\.example\.org\/faultline\/chat-ended' \\\n/);
    assert.match(md, /-H 'x-api-key: hk_live_…[A-Za-z0-9]{4}'/, 'the API key masked as everywhere');
    const har = md.split('## HAR 1.2 (every exchange)\n\n```json\n')[1]?.split('\n```')[0];
    assert.ok(har, 'a HAR block');
    const log = JSON.parse(har).log;
    assert.equal(log.version, '1.2');
    assert.ok(log.entries.some((e) => e.response.status === 401), 'the 401 is in the HAR');
    assert.ok(!/whsec_(?!\*)/.test(md), 'no signing secret in the clear');
    assertClean(problems);
    await page.close();
});

test('a refused clipboard offers the case file in a selectable box and as a download', async () => {
    const { page, problems } = await openPage(env, { path: MEDIUM, viewport: { width: 1366, height: 900 } });
    await page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await ready(page);
    await run(page, 'webhook-delivery-log');
    await pin(page, ['status=401', TRACE]);
    await writeNote(page);
    await solve(page);
    await page.getByRole('button', { name: 'Copy case file' }).click();
    await assert.doesNotReject(page.locator('.copy-status').getByText(/The clipboard was refused/).waitFor());
    const box = page.getByLabel('Case file (Markdown)');
    assert.match(await box.inputValue(), /^# Case file: [^\n]+\n\n## Escalation\n\n> POST https:\/\/hooks/);
    await box.focus();
    assert.equal(await page.evaluate(() => {
        const a = document.activeElement;
        return a.selectionEnd - a.selectionStart === a.value.length;
    }), true, 'focusing the box selects the whole case file');
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download case file (.md)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'case-file.md');
    await noAxeViolations(page, 'clipboard refused');
    assertClean(problems);
    await page.close();
});

test('by touch at 360 px: a medium scenario solved through to the case file', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`${env.url}${MEDIUM}`);
        await ready(page);
        assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
        await run(page, 'webhook-delivery-log', 'tap');
        await pin(page, ['status=401', TRACE], 'tap');
        await run(page, 'receiver-log', 'tap');
        await pin(page, ['key not found'], 'tap');
        await ruleOutFirstLayer(page, 'deliveries reach the receiver', 'tap');
        await writeNote(page);
        await solve(page, 'tap');
        await page.getByRole('button', { name: 'Check the note' }).tap();
        await chooseRightOwner(page);
        assert.equal(await page.locator('#note-check-heading').textContent(), 'The check: 4 of 4 attached, owner right');
        await page.getByRole('button', { name: 'Copy case file' }).tap();
        await page.locator('.copy-status').getByText(/Case file copied/).waitFor();
        const md = await page.evaluate(() => navigator.clipboard.readText());
        assert.match(md, /^# Case file: /);
        assert.ok(md.includes('- [x] receiver log line'));

        const small = await page.evaluate(() => [...document.querySelectorAll(
            '.note-field input, .note-field select, .note-actions .button, .tool, .term-line, .pins button, .rule-buttons button')]
            .map((el) => [el.className || el.id, el.getBoundingClientRect()])
            .filter(([, r]) => r.height < 44 || r.width < 44)
            .map(([c, r]) => `${c} ${Math.round(r.width)}×${Math.round(r.height)}`));
        assert.deepEqual(small, [], 'every target is at least 44 px');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no sideways scroll (${overflow}px)`);
        await noAxeViolations(page, 'touch, note checked');
        assert.deepEqual(errors, []);
    } finally {
        await browser.close();
    }
});

test('screenshots of the note: 1366 and 390 px, light and dark', async () => {
    for (const [label, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        for (const scheme of ['light', 'dark']) {
            const { page } = await openPage(env, { path: MEDIUM, viewport });
            await page.emulateMedia({ colorScheme: scheme });
            await ready(page);
            await run(page, 'webhook-delivery-log');
            await pin(page, ['status=401', TRACE]);
            await writeNote(page);
            await solve(page);
            await page.getByRole('button', { name: 'Check the note' }).click();
            await page.locator('#note-owner').selectOption({ index: 1 });
            await page.locator('#note-check-heading').waitFor();
            await page.evaluate(() => document.activeElement?.blur());
            await page.locator('.escalate-panel').scrollIntoViewIfNeeded();
            await page.screenshot({ path: screenshotPath(`casefile-${label}-${scheme}`), fullPage: label === 'desktop' });
            await page.locator('.escalate-panel').screenshot({ path: screenshotPath(`casefile-${label}-${scheme}-panel`) });
            await page.close();
        }
    }
});
