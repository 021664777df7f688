// A class session with no server: the trainer starts a session, the audience window follows the
// laptop's controls (and steps them), the room's vote shows before the answer; students open the
// QR code's link at phone width, finish their own puzzles and get a signed result code; the
// trainer pastes three codes (one edited: refused, with its line and why), sees the table and
// downloads a CSV whose rows are the table's. Pack, path and seed sessions give everyone the same
// puzzles. axe finds nothing on any of these screens.
// Set MODES_DIST to test a build in another directory than dist/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertCount, assertSettles, launch, openPage, screenshotPath, noAxeViolations } from './harness.mjs';

const PHONE = { width: 360, height: 780 };

let env;
before(async () => {
    env = await launch({ dir: process.env.MODES_DIST || undefined });
});
after(async () => {
    await env?.close();
});

/** Screenshots in light and dark, kept with the test results and copied to /tmp for a look. */
async function snap(page, name, options = {}) {
    for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const path = screenshotPath(`${name}-${scheme}`);
        await page.screenshot({ path, ...options });
        copyFileSync(path, join('/tmp', `${name}-${scheme}.png`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
}

/** Answers every question, trying choices in order until one is right. */
async function solve(page) {
    for (let guard = 0; guard < 60; guard += 1) {
        if (await page.locator('.finale').count()) return;
        const question = page.locator('fieldset.question');
        await question.waitFor();
        const prompt = await question.locator('.prompt').textContent();
        const enabled = await question.locator('.choice').evaluateAll((cs) => cs.map((c) => !c.disabled));
        const index = enabled.indexOf(true);
        await question.locator('.choice').nth(index).click();
        await page.waitForFunction(([prompt, index]) => {
            if (document.querySelector('.finale')) return true;
            const q = document.querySelector('fieldset.question');
            if (!q || q.querySelector('.prompt')?.textContent !== prompt) return true;
            return q.querySelectorAll('.choice')[index]?.disabled;
        }, [prompt, index]);
    }
    assert.fail('the puzzle never finished');
}

/** A student at phone width: joins with a name, plays every puzzle, returns the code. */
async function student(link, name, { shots = null, viewport = PHONE, titles = null, codeLimit = 120 } = {}) {
    const { page, problems } = await openPage(env, { viewport });
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join the class' }).waitFor();
    if (shots) {
        await noAxeViolations(page, 'join form');
        await snap(page, `class-student-join-${shots}`);
    }
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Start' }).click();
    for (let n = 0; n < 10; n += 1) {
        const code = page.locator('[data-result-code]');
        if (await code.count()) break;
        await page.locator('.join-bar').waitFor();
        if (titles) titles.push(await page.locator('.join-bar .join-title').textContent());
        if (shots && n === 0) {
            await noAxeViolations(page, 'a puzzle on the phone');
            await snap(page, `class-student-play-${shots}`);
        }
        await solve(page);
        await page.locator('.join-bar a').click();
        await page.locator('[data-result-code], fieldset.question').first().waitFor();
    }
    const code = await page.locator('[data-result-code]').getAttribute('data-result-code');
    assert.match(code, /^R1\.[A-Za-z0-9_-]+$/);
    assert.ok(code.length < codeLimit, `a short code: ${code.length} characters`);
    assert.equal(await page.locator('svg.qr').count(), 1, 'the code has a QR code too');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `nothing wider than the phone (${width}px)`);
    if (shots) {
        await noAxeViolations(page, 'result code');
        await snap(page, `class-student-code-${shots}`, { fullPage: true });
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, [], 'nothing leaves the browser');
    await page.close();
    return code;
}

/** Parses the RFC 4180 CSV the results page writes. */
function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i += 1) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
            else if (c === '"') quoted = false;
            else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(field); field = ''; }
        else if (c === '\r') continue;
        else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
        else field += c;
    }
    return rows;
}

test('a class session: audience window, students by QR link, result codes, table and CSV', async () => {
    const { page: laptop, problems } = await openPage(env, { path: '#/classroom' });
    await laptop.getByRole('heading', { name: 'Class session' }).waitFor();
    await laptop.getByLabel('Puzzles per student').selectOption('2');
    await laptop.getByRole('button', { name: 'Start a class session' }).click();
    await laptop.getByRole('heading', { name: 'Students join here' }).waitFor();
    const token = laptop.url().match(/#\/classroom\/session\/([a-z0-9-]+)$/)[1];
    assert.equal(await laptop.title(), 'Class session · Classroom — Faultline', 'the title does not carry the key');
    const link = await laptop.locator('.join-link a').getAttribute('href');
    assert.equal(link, `${env.url}#/classroom/join/${token}`);
    assert.equal(await laptop.getByRole('img', { name: 'QR code of the link students open to join' }).count(), 1);
    // The private notes are on the laptop only.
    await laptop.locator('.presenter-notes').waitFor();

    // The audience window: opened from the laptop, following it.
    const [audience] = await Promise.all([
        env.context.waitForEvent('page'),
        laptop.getByRole('link', { name: 'Open the audience window' }).click(),
    ]);
    await audience.locator('.presenter').waitFor();
    assert.match(audience.url(), new RegExp(`#/classroom/audience/${token}$`));
    assert.equal(await audience.locator('.presenter-notes').count(), 0, 'no private notes on the projector');
    assert.equal(await audience.locator('.reveal-box').count(), 0, 'no answer on the projector yet');
    const notes = await laptop.locator('.presenter-notes dd').allTextContents();
    const projected = await audience.locator('main').textContent();
    assert.ok(!projected.includes(await laptop.locator('.presenter-notes .statement').textContent()), 'the diagnosis is not on the projector');
    // A presenter clicks into a window before typing in it, which brings it to the front. The
    // other window hears of it through a BroadcastChannel and renders in its own process: under
    // load that takes longer than a key press in the same window, hence the longer wait.
    const synced = (page, expected, message) =>
        assertSettles(() => page.locator('.event-list .event').count(), expected, message, 10_000);
    await laptop.bringToFront();
    await laptop.locator('.presenter-head h2').click();
    await laptop.keyboard.press('ArrowRight');
    await laptop.keyboard.press('ArrowRight');
    await synced(audience, 2, 'the projector follows → on the laptop');
    await audience.bringToFront();
    await audience.locator('.presenter-head h2').click();
    await audience.keyboard.press('ArrowRight');
    await synced(laptop, 3, '→ on the projector steps the laptop');
    await synced(audience, 3, 'and the projector with it');
    await audience.keyboard.press('ArrowLeft');
    await synced(laptop, 2, '← on the projector steps back');

    // The room's vote: counted on the laptop, shown on the projector before the answer.
    const inputs = laptop.locator('.vote-inputs input');
    await inputs.nth(0).fill('4');
    await inputs.nth(1).fill('1');
    await laptop.getByRole('button', { name: 'Show the vote on the projector' }).click();
    const bars = audience.locator('.vote-bars');
    await bars.waitFor();
    assert.match(await bars.locator('li').first().textContent(), /4 \(80%\)/);
    assert.match(await bars.locator('h3').textContent(), /\(5 hands\)/);
    await noAxeViolations(laptop, 'presenter controls');
    await noAxeViolations(audience, 'audience');
    await snap(laptop, 'class-presenter', { fullPage: true });
    await snap(audience, 'class-audience-vote');
    await audience.keyboard.press('r');
    await audience.locator('.reveal-box').waitFor();
    await laptop.locator('.reveal-box').waitFor();
    const revealed = await audience.locator('.reveal-box .answer').allTextContents();
    assert.ok(revealed.length >= 2 && revealed.every((a) => notes.includes(a)), 'the projector reveals what the notes said');
    await snap(audience, 'class-audience-revealed');
    assert.ok(projected.length > 0);

    // Two students at phone width; each gets a different set of puzzles.
    const ana = await student(link, 'Ana Lima', { shots: 'phone-360' });
    await laptop.evaluate((t) => localStorage.removeItem(`faultline.classroom.student.${t}`), token);
    const ben = await student(link, 'Ben Okafor');
    assert.notEqual(ana, ben);
    // An edited code: one character in the middle changed.
    const at = Math.floor(ben.length / 2);
    const edited = ben.slice(0, at) + (ben[at] === 'A' ? 'B' : 'A') + ben.slice(at + 1);

    await laptop.getByRole('link', { name: /^Results/ }).click();
    await laptop.getByRole('heading', { name: /^Results: / }).waitFor();
    await laptop.getByLabel('Result codes').fill(`${ana}\n${edited}\n${ben}\n`);
    await laptop.getByRole('button', { name: 'Add codes' }).click();
    const refused = laptop.getByRole('alert').filter({ hasText: 'These lines were not added' });
    await refused.waitFor();
    assert.match(await refused.textContent(), /Line 2: the code was changed after the student got it \(its signature does not match\); ask for it again\./);
    assert.equal(await laptop.getByLabel('Result codes').inputValue(), edited, 'only the refused line stays in the box');
    await laptop.getByText('2 codes added.').waitFor();
    const table = laptop.locator('.results-table');
    await assertCount(table.locator('tbody tr'), 4, 'two students × two puzzles');
    const shown = await table.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(shown[0].slice(0, 4), ['Student', 'Puzzle', 'Seed', 'Layer']);
    assert.deepEqual(shown.slice(1).map((r) => r[0]), ['Ana Lima', 'Ana Lima', 'Ben Okafor', 'Ben Okafor']);
    assert.ok(shown.slice(1).every((r) => r.at(-3) === 'yes'), 'every puzzle solved (after wrong tries)');
    // Trying choices in order gets some wrong first: the common wrong answers are counted.
    assert.ok((await laptop.locator('.results-questions').textContent()).includes('×'));
    await noAxeViolations(laptop, 'results');
    await snap(laptop, 'class-results', { fullPage: true });

    const [download] = await Promise.all([
        laptop.waitForEvent('download'),
        laptop.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `faultline-results-${token}.csv`);
    assert.deepEqual(parseCsv(readFileSync(await download.path(), 'utf8')), shown, 'the CSV rows are the table rows');

    // Kept in this browser: a reload shows the same table; nothing went anywhere.
    await laptop.reload();
    await assertCount(laptop.locator('.results-table tbody tr'), 4, 'the session is kept in local storage');
    await assertSettles(() => laptop.evaluate((t) => JSON.parse(localStorage.getItem(`faultline.classroom.results.${t}`)).codes.length, token), 2, 'two codes stored');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, [], 'nothing leaves the browser');
    await audience.close();
    await laptop.close();
});

test('unreadable stored results are kept aside, not written over; a damaged link says so', async () => {
    const token = 'm1-0011223344556677';
    const { page, problems } = await openPage(env, { path: '#/classroom' });
    await page.evaluate((t) => localStorage.setItem(`faultline.classroom.results.${t}`, '{"codes": [tru'), token);
    await page.goto(`${env.url}#/classroom/results/${token}`);
    await page.getByText(/could not be read .*kept aside/).waitFor();
    const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('faultline.aside.classroom-results.')).map((k) => localStorage.getItem(k)));
    assert.deepEqual(aside, ['{"codes": [tru'], 'the unreadable text is kept aside as it was');
    await page.goto(`${env.url}#/classroom/join/not-a-session`);
    await page.getByRole('heading', { name: 'This session link is damaged' }).waitFor();
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});

/** A fake camera and QR reader: `window.__scan = code` makes the reader see that code. */
function fakeCamera() {
    window.__streams = [];
    window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        constructor(options) { window.__detectorFormats = options.formats; }
        async detect() { return window.__scan ? [{ rawValue: window.__scan, format: 'qr_code' }] : []; }
    };
    navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        canvas.getContext('2d').fillRect(0, 0, 64, 64);
        const stream = canvas.captureStream(5);
        window.__streams.push(stream);
        return stream;
    };
}

const cameraStopped = (page) => page.evaluate(() => window.__streams.length > 0
    && window.__streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended')));

test('a pack session: chosen scenarios for everyone, the projector steps through them, the vote counted from codes, a code read by camera', async () => {
    const { page: laptop, problems } = await openPage(env, { path: '#/classroom' });
    await laptop.getByRole('heading', { name: 'Class session' }).waitFor();
    await laptop.getByLabel('A built-in pack').check();
    await laptop.getByLabel('Pack for the session').selectOption({ index: 1 });
    const boxes = laptop.locator('.session-scenarios input[type=checkbox]');
    const all = await boxes.count();
    assert.ok(all >= 3);
    for (let i = 0; i < all; i += 1) await boxes.nth(i).uncheck();
    await laptop.getByRole('button', { name: 'Start a class session' }).click();
    await laptop.getByRole('alert').filter({ hasText: 'Choose at least one scenario.' }).waitFor();
    // Scenarios 2 and 3 of the pack.
    await boxes.nth(1).check();
    await boxes.nth(2).check();
    const chosen = (await laptop.locator('.session-scenarios label bdi').allTextContents()).slice(1, 3);
    await noAxeViolations(laptop, 'session setup (pack)');
    await snap(laptop, 'class-setup-pack', { fullPage: true });
    await laptop.getByRole('button', { name: 'Start a class session' }).click();
    await laptop.getByRole('heading', { name: 'Students join here' }).waitFor();
    const token = laptop.url().match(/#\/classroom\/session\/(p\.[a-z0-9-]+\.6-[0-9a-f]{16})$/)[1];
    assert.equal(await laptop.locator('.presenter-head h2').textContent(), chosen[0]);
    const link = await laptop.locator('.join-link a').getAttribute('href');

    // The audience follows the laptop to the second scenario.
    const [audience] = await Promise.all([
        env.context.waitForEvent('page'),
        laptop.getByRole('link', { name: 'Open the audience window' }).click(),
    ]);
    await audience.locator('.presenter').waitFor();
    await laptop.getByLabel('On the projector').selectOption({ index: 1 });
    await assertSettles(() => audience.locator('.presenter-head h2').textContent(), chosen[1], 'the projector shows the second scenario');
    await laptop.getByLabel('On the projector').selectOption({ index: 0 });
    await assertSettles(() => audience.locator('.presenter-head h2').textContent(), chosen[0], 'and back to the first');

    // Two students play the same two scenarios, in the pack's order.
    const anaTitles = [];
    const ana = await student(link, 'Ana Lima', { viewport: { width: 390, height: 844 }, titles: anaTitles, shots: 'pack-390' });
    await laptop.evaluate((t) => localStorage.removeItem(`faultline.classroom.student.${t}`), token);
    const ben = await student(link, 'Ben Okafor', { viewport: { width: 360, height: 740 }, shots: 'pack-360' });
    assert.deepEqual(anaTitles, chosen, 'the chosen scenarios, in order');

    // The room's vote on scenario 1 counted from the two codes, shown before the answer.
    await laptop.getByLabel(/^Result codes/).fill(`${ana}\nnot a code\n`);
    await laptop.getByRole('button', { name: 'Count from result codes' }).click();
    await laptop.getByText(/^Counted the first answers of 1 student\. Line 2: this is not a Faultline result code/).waitFor();
    await laptop.getByLabel(/^Result codes/).fill(ben);
    await laptop.getByRole('button', { name: 'Count from result codes' }).click();
    await laptop.getByText('Counted the first answers of 2 students.').waitFor();
    const counts = (await laptop.locator('.vote-inputs input').evaluateAll((is) => is.map((i) => Number(i.value))));
    assert.equal(counts.reduce((a, b) => a + b, 0), 2, `one first answer per student on the layer question: ${counts}`);
    await laptop.getByRole('button', { name: 'Show the vote on the projector' }).click();
    await audience.locator('.vote-bars').waitFor();
    assert.match(await audience.locator('.vote-bars h3').textContent(), /\(2 hands\)/);
    assert.equal(await audience.locator('.reveal-box').count(), 0, 'the vote comes before the answer');
    await noAxeViolations(laptop, 'presenter with a counted vote');
    await snap(laptop, 'class-presenter-pack', { fullPage: true });
    await snap(audience, 'class-audience-pack-vote');
    await audience.close();

    // Results: both codes were kept by the count; the table names the scenarios.
    await laptop.getByRole('link', { name: /^Results/ }).click();
    await laptop.getByRole('heading', { name: /^Results: Pack / }).waitFor();
    const table = laptop.locator('.results-table');
    await assertCount(table.locator('tbody tr'), 4, 'two students × two scenarios');
    const shown = await table.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(shown[0].slice(0, 3), ['Student', 'Puzzle', 'Scenario']);
    assert.deepEqual(shown.slice(1).map((r) => r[2]), [...chosen, ...chosen]);

    // A code read by the camera lands in the table as if pasted; the camera stops on closing.
    await laptop.evaluate((t) => localStorage.setItem(`faultline.classroom.results.${t}`, '{"codes": []}'), token);
    await laptop.addInitScript(fakeCamera);
    await laptop.reload();
    await laptop.getByRole('button', { name: 'Add codes' }).waitFor();
    await laptop.getByLabel('Result codes').fill(ana);
    await laptop.getByRole('button', { name: 'Add codes' }).click();
    await assertCount(table.locator('tbody tr'), 2, 'one student pasted');
    await laptop.getByRole('button', { name: 'Scan with camera' }).click();
    await laptop.locator('video.scanner-video').waitFor();
    await laptop.evaluate((code) => { window.__scan = code; }, ben);
    await assertCount(table.locator('tbody tr'), 4, 'the scanned code is in the table');
    await laptop.getByText('1 code added from the camera.').waitFor();
    assert.deepEqual(await laptop.evaluate(() => window.__detectorFormats), ['qr_code']);
    await noAxeViolations(laptop, 'results with the camera open');
    await snap(laptop, 'class-results-pack-camera', { fullPage: true });
    await laptop.getByRole('button', { name: 'Close the camera' }).click();
    await assertSettles(() => cameraStopped(laptop), true, 'closing the scanner stops the camera');
    // Leaving the page with the camera open stops it too.
    await laptop.getByRole('button', { name: 'Scan with camera' }).click();
    await laptop.locator('video.scanner-video').waitFor();
    await assertSettles(() => laptop.evaluate(() => window.__streams.at(-1).getTracks()[0].readyState), 'live', 'the camera is on');
    await laptop.getByRole('link', { name: '← Session' }).click();
    await laptop.getByRole('heading', { name: 'Students join here' }).waitFor();
    await assertSettles(() => cameraStopped(laptop), true, 'leaving the page stops the camera');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, [], 'nothing leaves the browser');
    await laptop.close();
});

test('a path session: the First hour for everyone in its order, titles in the table, the vote from a code; an unknown path says so', async () => {
    const { page: laptop, problems } = await openPage(env, { path: '#/classroom' });
    await laptop.getByRole('heading', { name: 'Class session' }).waitFor();
    await laptop.getByLabel('A learning path').check();
    await laptop.getByLabel('Learning path for the session').selectOption({ label: 'First hour' });
    await laptop.getByText(/10 scenarios; everyone plays them all, in the path's order\./).waitFor();
    await noAxeViolations(laptop, 'session setup (path)');
    await laptop.getByRole('button', { name: 'Start a class session' }).click();
    await laptop.getByRole('heading', { name: 'Students join here' }).waitFor();
    const token = laptop.url().match(/#\/classroom\/session\/(t\.first-hour-[0-9a-f]{16})$/)[1];
    assert.match(await laptop.locator('.join-panel').textContent(), /Path First hour · 10 scenarios\. Everyone plays these scenarios, in the path's order\./);
    // The projector steps through the path's scenarios, in its order.
    const steps = (await laptop.locator('#projector-puzzle option').allTextContents()).map((t) => t.replace(/^\d+\. /, ''));
    assert.equal(steps.length, 10);
    assert.equal(new Set(steps).size, 10, `ten different scenarios: ${steps}`);
    assert.equal(await laptop.locator('.presenter-head h2').textContent(), steps[0]);
    await laptop.getByLabel('On the projector').selectOption({ index: 1 });
    await assertSettles(() => laptop.locator('.presenter-head h2').textContent(), steps[1], 'the projector shows step 2');
    await laptop.getByLabel('On the projector').selectOption({ index: 0 });
    await assertSettles(() => laptop.locator('.presenter-head h2').textContent(), steps[0], 'and back to step 1');
    const link = await laptop.locator('.join-link a').getAttribute('href');

    // A student at phone width plays the path's scenarios, in the path's order.
    const titles = [];
    // Ten puzzles make a longer code than the other sessions' two or three (about 33 characters each).
    const code = await student(link, 'Dee Park', { viewport: PHONE, titles, codeLimit: 400 });
    assert.deepEqual(titles, steps, 'the path\'s scenarios, in order');

    // The room's vote on step 1 counted from the code.
    await laptop.getByLabel(/^Result codes/).fill(code);
    await laptop.getByRole('button', { name: 'Count from result codes' }).click();
    await laptop.getByText('Counted the first answers of 1 student.').waitFor();

    // The code lands in the table, each step named by its scenario's title.
    await laptop.getByRole('link', { name: /^Results/ }).click();
    await laptop.getByRole('heading', { name: 'Results: Path First hour · 10 scenarios' }).waitFor();
    const table = laptop.locator('.results-table');
    await assertCount(table.locator('tbody tr'), 10, 'one row per step');
    const shown = await table.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(shown[0].slice(0, 3), ['Student', 'Puzzle', 'Scenario']);
    assert.deepEqual(shown.slice(1).map((r) => r.slice(0, 3)), steps.map((t, i) => ['Dee Park', String(i + 1), t]));

    // A path this version does not have: the join page says which, not that the link is damaged.
    await laptop.goto(`${env.url}#/classroom/join/t.no-such-path-0011223344556677`);
    await laptop.getByRole('heading', { name: 'This session cannot be played here' }).waitFor();
    assert.match(await laptop.locator('main').textContent(), /learning path “no-such-path”, which this version of Faultline does not have/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, [], 'nothing leaves the browser');
    await laptop.close();
});

test('a seed session: typed seeds checked, everyone plays them all; no camera button without a QR reader; old links still open', async () => {
    const { page, problems } = await openPage(env, { path: '#/classroom' });
    await page.getByLabel('A list of seeds').check();
    await page.getByLabel('Seeds', { exact: true }).fill('12, 4x');
    await page.getByRole('button', { name: 'Start a class session' }).click();
    await page.getByRole('alert').filter({ hasText: '“4x” is not a seed: a seed is a whole number such as 4821' }).waitFor();
    assert.equal(await page.getByLabel('Seeds', { exact: true }).inputValue(), '12, 4x', 'what was typed stays');
    await noAxeViolations(page, 'session setup (seeds, refused)');
    await snap(page, 'class-setup-seeds-refused');
    await page.getByLabel('Seeds', { exact: true }).fill('12 34');
    await page.getByRole('button', { name: 'Start a class session' }).click();
    await page.getByRole('heading', { name: 'Students join here' }).waitFor();
    const token = page.url().match(/#\/classroom\/session\/(sm\.12\.34-[0-9a-f]{16})$/)[1];
    assert.equal(await page.locator('.presenter-head h2').textContent(), 'Puzzle 12');
    const code = await student(`${env.url}#/classroom/join/${token}`, 'Cy', { viewport: { width: 360, height: 740 } });
    await page.addInitScript(() => { delete window.BarcodeDetector; });
    await page.goto(`${env.url}#/classroom/results/${token}`);
    await page.reload();
    await page.getByLabel('Result codes').fill(code);
    await page.getByRole('button', { name: 'Add codes' }).click();
    const rows = await page.locator('.results-table tbody tr').evaluateAll((rs) => rs.map((r) => r.children[2].textContent));
    assert.deepEqual([...rows].sort(), ['12', '34'], 'both seeds, named by seed');
    assert.equal(await page.getByRole('button', { name: 'Scan with camera' }).count(), 0, 'no camera button without a QR reader');
    assert.equal(await page.getByLabel('Result codes').count(), 1, 'pasting still works');
    // A link from before sessions had sources opens the same session.
    await page.goto(`${env.url}#/classroom/join/m2-0011223344556677`);
    await page.getByRole('heading', { name: 'Join the class' }).waitFor();
    assert.match(await page.locator('main').textContent(), /Medium · 2 puzzles\. Your name picks your puzzles/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
});

test('the QR crate and the classroom stay out of the start module', () => {
    const dir = process.env.MODES_DIST || join(ROOT, 'dist');
    const files = readdirSync(dir);
    const wasm = (prefix) => readFileSync(join(dir, files.find((f) => f.startsWith(prefix) && f.endsWith('_bg.wasm'))));
    const full = wasm('faultline-web-');
    const start = wasm('faultline-start-');
    // The full app carries both (so this check can fail); the start module neither.
    for (const marker of ['qrcodegen-', 'Students join here']) {
        assert.ok(full.includes(marker), `the full app has “${marker}”`);
        assert.ok(!start.includes(marker), `the start module has no “${marker}”`);
    }
});
