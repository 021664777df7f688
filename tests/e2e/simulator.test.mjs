// The simulator's core loop in a real browser: play, step, inspect, copy curl, filter logs,
// diagnose (wrong then right, and all four steps by keyboard), hints, the spoiler guard, reduced motion, long tasks, deep links,
// and screenshots at desktop and phone width in both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, assertCount, launch, openPage, screenshotPath, withBrowser, simulatorReady } from './harness.mjs';

// The start page plays this incident (src/logic/home.rs: HOME_SEED, HOME_FLOW, HOME_FAULT).
// The key comes from the engine's own CLI, so the test never hard-codes what the engine says.
const HOME = { seed: 18, flow: 'api-call', fault: 'expired-token' };
const trace = JSON.parse(
    execFileSync(
        'cargo',
        ['run', '-q', '-p', 'faultline-engine', '--bin', 'faultline', '--', 'trace', '--flow', HOME.flow,
            '--fault', HOME.fault, '--seed', String(HOME.seed), '--format', 'json'],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    ),
);
const { answer, evidence } = trace;
const TOTAL = evidence.events.length;

const env = withBrowser({ puzzleView: 'evidence' });

const events = (page) => page.locator('.event-list .event');
const eventCount = (page) => events(page).count();

async function playToEnd(page) {
    await page.getByRole('slider', { name: 'Timeline' }).fill(String(TOTAL));
    await page.waitForFunction((n) => document.querySelectorAll('.event-list .event').length === n, TOTAL);
}

test('play, pause, step back and forth, scrub, and open an event in the inspector', async () => {
    const { page, problems } = await openPage(env);
    await simulatorReady(page);
    assert.equal(await eventCount(page), 0, 'nothing is shown before play');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.event-list .event').length >= 2);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await eventCount(page);
    await page.waitForTimeout(1500);
    assert.equal(await eventCount(page), paused, 'pause stops the timeline');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('ArrowLeft');
    await assertCount(events(page), paused - 1, '← steps back');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await assertCount(events(page), paused + 1, '→ steps forward');
    const live = await page.locator('.flow-panel [aria-live="polite"]').textContent();
    assert.match(live, new RegExp(`Step ${paused + 1} of ${TOTAL}`), 'each step is announced');
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelectorAll('.event-list .event').length === n, TOTAL);
    assert.equal(await page.getByRole('button', { name: 'Replay' }).count(), 1, 'Space played to the end');

    // Open the response event: the inspector shows the status line and the response headers.
    const last = TOTAL;
    await page.getByRole('button', { name: new RegExp(`^Open event ${last}:`) }).click();
    const inspector = page.locator('.inspector-panel');
    await inspector.locator('.status-line').waitFor();
    const status = evidence.exchanges[0].response;
    assert.match(await inspector.locator('.status-line').textContent(), new RegExp(`${status.status} ${status.reason}`));
    assert.match(await inspector.textContent(), /WWW-Authenticate/);
    assert.match(await inspector.locator('.jwt').textContent(), /exp.*ago.*simulated clock/s, 'JWT exp is relative to the clock');
    assert.ok(await inspector.locator('mark.scope').count() > 0, 'scopes are highlighted');
    assert.match(await inspector.locator('.waterfall caption').textContent(), /Timing · total/);
    assert.equal(await page.locator('.event.inspected').count(), 1);

    // Jumping to an earlier event moves the timeline there.
    await page.getByRole('button', { name: /^Open event 2:/ }).click();
    assert.equal(await eventCount(page), 2, 'clicking an event jumps the animation there');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
});

test('Copy as cURL puts a runnable command on the clipboard and says so', async () => {
    await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    const { page } = await openPage(env);
    await simulatorReady(page);
    await playToEnd(page);
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    await page.locator('.copied', { hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith(`curl '${evidence.exchanges[0].request.url}'`), copied);
    assert.match(copied, /-H 'Authorization: Bearer eyJ/);
    await page.waitForFunction(() => document.querySelector('.copied').textContent === '', null, { timeout: 4000 });
});

test('a trace id filters every log tab to that request; search narrows further', async () => {
    const { page } = await openPage(env);
    await simulatorReady(page);
    await playToEnd(page);
    const lines = page.locator('.log-lines .log');
    const all = await lines.count();
    const traced = await page.locator(`.log-lines .trace-chip[title="${evidence.trace_id}"]`).count();
    assert.ok(traced >= 2 && traced < all, `noise stays: ${traced} of ${all} lines are the request's`);
    await page.locator(`.trace-chip[title="${evidence.trace_id}"]`).first().click();
    const filtered = await lines.count();
    assert.equal(filtered, traced, 'only the request under investigation');
    assert.equal(await page.locator('.log-lines .trace-chip.active').count(), filtered, 'every line is that trace');
    const gatewayTab = page.getByRole('tab', { name: /^gateway/ });
    const gatewayCount = Number(await gatewayTab.locator('.count').textContent());
    await gatewayTab.click();
    assert.equal(await lines.count(), gatewayCount, 'the filter holds in the source tab');
    assert.ok(gatewayCount >= 1 && gatewayCount <= filtered);
    for (const src of await page.locator('.log-lines .log .src').allTextContents()) assert.equal(src, 'gateway');
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByRole('searchbox', { name: 'Search logs' }).fill('invalid_token');
    const found = await lines.count();
    assert.ok(found >= 1 && found < filtered, 'search narrows');
    // Case-insensitive, with Unicode's case mapping: the Kelvin sign (U+212A) lowercases to "k".
    for (const query of ['INVALID_TOKEN', 'INVALID_TO\u212AEN']) {
        await page.getByRole('searchbox', { name: 'Search logs' }).fill(query);
        assert.equal(await lines.count(), found, `the same lines for ${query}`);
    }
    await page.getByRole('searchbox', { name: 'Search logs' }).fill('');
    await page.locator('.filter-note').getByRole('button', { name: 'clear filter' }).click();
    assert.equal(await lines.count(), all, 'clearing restores every line');
});

test('no spoiler before the answer; hint; wrong then right on all four steps; reveal and statement', async () => {
    const { page, problems } = await openPage(env);
    await simulatorReady(page);
    await playToEnd(page);
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!before.includes(answer.fault_id), 'fault id not in the DOM');
    assert.ok(!before.includes(answer.fault_title), 'fault title not in the DOM');
    assert.doesNotMatch(before, /class="[^"]*(root-cause|failing)/, 'no root-cause or failing class');
    for (const marker of ['root-label', 'failing-hop', 'data-root', 'data-answer', 'data-fault']) {
        assert.ok(!before.includes(marker), `no "${marker}" before the answer`);
    }
    // The layer appears only as one of the equal choices and diagram nodes, never marked: a node
    // is inspectable when the request reached it (evidence on screen), nothing more.
    const plain = (c) => c.replace(/\bbusy\b/, '').replace(/\s+/g, ' ').trim();
    for (const node of await page.locator('.layer-node').all()) {
        assert.match(plain(await node.getAttribute('class')), /^layer-node( inspectable)?$/, 'no node is marked');
    }
    assert.equal(await page.locator('.question .choice').count(), evidence.layers.length, 'only step 1 is in the DOM');

    // A hint costs points and shows the first rung of the ladder.
    await page.keyboard.press('h');
    await page.locator('.hint-list li').first().waitFor();
    const hintLive = page.locator('[aria-live="polite"][data-live="hint"]');
    assert.match(await hintLive.textContent(), /^Hint 1 of 3: ./, 'a hint taken with H is announced');
    assert.match(await page.locator('.hints button').textContent(), /Hint 2 of 3 \(−20 points\)/);

    // Step 1 from the list (the diagram only inspects): a wrong layer, then the right one.
    const wrongLayer = evidence.layers.find((l) => l !== answer.root_cause_layer);
    const layerChoice = (layer) => page.locator('.question .choice').nth(evidence.layers.indexOf(layer));
    await layerChoice(wrongLayer).click();
    await page.locator('.feedback.wrong').waitFor();
    // Read out as one string: the label and the explanation must not run together. The wrong
    // pick's feedback sits in the question it answers.
    const spoken = await page.locator('.question .feedback-region').textContent();
    assert.match(spoken, /^✗ Not quite: [^.]+\. \S/, `label and explanation separated: ${spoken}`);
    assert.equal(await page.locator('.root-cause').count(), 0, 'a wrong answer reveals nothing');
    assert.match(await page.locator(`.layer-node[data-layer="${wrongLayer}"]`).getAttribute('aria-label'), /tried/);
    await layerChoice(answer.root_cause_layer).click();
    await page.locator('.settled-list .feedback.right').waitFor();
    assert.equal(await page.locator('.question .feedback').count(), 0, 'no step 1 feedback under step 2');
    assert.equal(await page.locator('.hint-list').count(), 0, 'the hint for step 1 went with it');
    await page.locator('.layer-node.root-cause').waitFor();
    assert.equal(await page.locator('.failing-hop').count(), 1, 'the failing hop is drawn');
    await page.screenshot({ path: screenshotPath('sim-desktop-light-revealed'), fullPage: true });

    // Step 2 (cause), step 3 (next action) and step 4 (owner), each wrong first.
    const answerStep = async (rightLabel) => {
        const choices = page.locator('.question .choice');
        const labels = await choices.allTextContents();
        const rightIndex = labels.findIndex((t) => t.includes(rightLabel));
        assert.ok(rightIndex >= 0, `"${rightLabel}" is offered`);
        await choices.nth(rightIndex === 0 ? 1 : 0).click();
        await page.locator('.feedback.wrong').waitFor();
        assert.ok((await page.locator('.feedback.wrong p').textContent()).length > 10, 'says why it is wrong');
        await page.keyboard.press(String(rightIndex + 1));
        await page.locator('.settled-list .feedback.right', { hasText: rightLabel }).waitFor();
        assert.equal(await page.locator('.question .feedback').count(), 0, 'feedback stays with its step');
    };
    await answerStep(answer.fault_title);
    await answerStep(answer.next_action);
    await answerStep(answer.owner);
    const statement = await page.locator('.statement').textContent();
    assert.match(statement, new RegExp(evidence.trace_id), 'statement cites the trace');
    assert.match(statement, /GET \/v2\/customers\/\d+ returned 401 Unauthorized/);
    const score = Number(await page.locator('.score strong').textContent());
    assert.ok(score > 0 && score < 430, `score reflects wrong tries and a hint (${score})`);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
});

test('all four steps by keyboard alone: number keys, feedback beside its own step, hints that go with their step', async () => {
    const { page, problems } = await openPage(env);
    await simulatorReady(page);
    await playToEnd(page);
    await page.locator('h1').click();
    const legend = page.locator('.question legend');
    const choices = page.locator('.question .choice');
    const said = page.locator('[aria-live="polite"][data-live="answer"]');
    // Layer choices follow the diagram's order.
    const steps = [
        ['Layer', evidence.layers.indexOf(answer.root_cause_layer)],
        ['Cause', answer.fault_title],
        ['Next action', answer.next_action],
        ['Owner', answer.owner],
    ];
    for (const [n, [name, right]] of steps.entries()) {
        assert.match(await legend.textContent(), new RegExp(`^Step ${n + 1} of 4 · ${name}$`));
        const labels = await choices.allTextContents();
        const at = typeof right === 'number' ? right : labels.findIndex((t) => t.includes(right));
        assert.ok(at >= 0, `${name}: the right choice is offered`);
        if (n < 3) {
            // Three hints, one per step: each shows alone, at the step it was taken for.
            await page.keyboard.press('h');
            await page.locator('.hint-list li').first().waitFor();
            assert.equal(await page.locator('.hint-list li').count(), 1, `${name}: only this step's hint shows`);
        }
        const wrong = at === 0 ? 2 : 1;
        await page.keyboard.press(String(wrong));
        const note = page.locator('.question .feedback.wrong');
        await note.waitFor();
        assert.doesNotMatch(await note.textContent(), /\.\./, 'no double full stop');
        assert.match(await said.textContent(), /^✗ Not quite: /, 'the wrong pick is announced');
        await page.keyboard.press(String(at + 1));
        await page.locator('.settled-list li.feedback.right').nth(0).waitFor();
        assert.equal(await page.locator('.settled-list li').count(), n + 1);
        assert.equal(await page.locator('.settled-list li.feedback.right').count(), 1, 'one step carries the right mark');
        const row = await page.locator('.settled-list li').nth(n).textContent();
        assert.match(row, new RegExp(`^✓${name}: `), `${name}: the right answer sits in its own row`);
        assert.doesNotMatch(row, /\.\./, 'no double full stop');
        assert.match(await said.textContent(), /^✓ Right: /);
        assert.equal(await page.locator('.question .feedback').count(), 0, 'nothing left under the next step');
        assert.equal(await page.locator('.hint-list').count(), 0, 'the step\'s hint went with it');
    }
    await page.locator('.finale').waitFor();
    const ownerRow = await page.locator('.settled-list li').nth(3).textContent();
    assert.ok(ownerRow.includes(`${answer.owner}: `), `the owner step says who and why: ${ownerRow}`);
    const lines = await page.locator('.score-lines li').allTextContents();
    assert.ok(lines.includes('Owner: 65'), `the owner step is scored like the others: ${lines}`);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
});

test('the playback live region stays quiet during continuous play and speaks on pause and at the end', async () => {
    const chat = JSON.parse(readFileSync(join(ROOT, 'assets', 'scenarios', 'live-chat-websockets.json'), 'utf8'));
    const { page } = await openPage(env, { path: `#/packs/${chat.id}/${chat.scenarios[0].id}` });
    await simulatorReady(page);
    const total = Number(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
    await page.getByLabel('Playback speed').selectOption({ label: '4×' });
    await page.evaluate(() => {
        const region = document.querySelector('.flow-panel [aria-live="polite"]');
        window.__said = [];
        new MutationObserver(() => window.__said.push(region.textContent))
            .observe(region, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.event-list .event').length === n, total, { timeout: 60000 });
    await page.waitForTimeout(300);
    const said = [...new Set(await page.evaluate(() => window.__said))].filter((t) => t);
    const seconds = total * 155 / 1000;
    assert.ok(said.length <= Math.ceil(seconds / 2) + 2, `${said.length} announcements for ${total} steps: ${said.join(' | ')}`);
    assert.match(said.at(-1), /^Playback finished\. Step \d+ of \d+/, 'the end is announced');
    // Manual steps are each announced.
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((n) => document.querySelector('.flow-panel [aria-live="polite"]').textContent.startsWith(`Step ${n - 1} of`), total);
    // Pausing says where playback stopped.
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.event-list .event').length >= 3);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForFunction(() => document.querySelector('.flow-panel [aria-live="polite"]').textContent.startsWith('Paused. Step'));
    await page.close();
});

test('page titles name the route, and route changes are announced', async () => {
    const { page } = await openPage(env, { path: '#/sandbox' });
    await page.getByRole('heading', { level: 1, name: /Faultline/ }).waitFor();
    await page.waitForFunction(() => document.title === 'Sandbox — Faultline');
    await page.getByRole('link', { name: 'Puzzle packs' }).click();
    await page.waitForFunction(() => document.title === 'Puzzle packs — Faultline');
    assert.equal(await page.locator('[data-live="route"]').textContent(), 'Puzzle packs page');
    assert.equal(await page.locator('[data-live="route"]').getAttribute('aria-live'), 'polite');
    await page.goto(`${env.url}#/puzzle/5`);
    await page.waitForFunction(() => document.title === 'Puzzle 5 — Faultline');
    await page.close();
});

test('show solution asks first', async () => {
    const { page } = await openPage(env);
    await simulatorReady(page);
    await page.getByRole('button', { name: 'Show solution…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep trying' }).click();
    assert.equal(await page.locator('.statement').count(), 0);
    await page.getByRole('button', { name: 'Show solution…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Show solution' }).click();
    await page.locator('.statement').waitFor();
    assert.equal(await page.locator('.score strong').textContent(), '0');
});

test('shortcuts overlay, reference links and the reference route', async () => {
    const { page } = await openPage(env);
    await simulatorReady(page);
    const focused = () => page.evaluate(() => {
        const el = document.activeElement;
        return el === document.body ? 'body' : `${el.tagName.toLowerCase()}.${el.className}:${el.textContent.trim().slice(0, 30)}`;
    });
    // "?" pressed on the page itself: focus comes back to the shortcuts button, not <body>.
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.match(await focused(), /shortcuts-button/, 'focus returns to the shortcuts button');
    // Opened from a focused control: focus returns to that control.
    await page.getByRole('button', { name: 'Step forward' }).focus();
    await page.keyboard.press('?');
    await dialog.waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(await focused(), /^button\.icon-button/, 'focus returns to Step forward');
    await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.match(await focused(), /shortcuts-button/);
    await playToEnd(page);
    const opener = page.locator('.inspector-panel .status-line .ref-link').first();
    const openerText = (await opener.textContent()).trim();
    await opener.click();
    const panel = page.getByRole('dialog', { name: 'Study reference' });
    await panel.waitFor();
    assert.match(await panel.locator('h2').textContent(), /401/);
    assert.equal(await page.locator('.event-list .event').count(), TOTAL, 'opening the panel keeps the playback state');
    await page.waitForTimeout(400);
    await page.screenshot({ path: screenshotPath('sim-reference-panel'), fullPage: false });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const back = await focused();
    assert.ok(back.startsWith('button.ref-link') && back.endsWith(openerText), `focus returns to the evidence link (${back})`);

    const ref = await openPage(env, { path: '#/reference/status-401' });
    await ref.page.locator('.ref-entry h2').waitFor();
    assert.match(await ref.page.locator('.ref-entry h2').textContent(), /401/);
    await ref.page.getByRole('searchbox', { name: 'Search the reference' }).fill('certificate');
    assert.ok((await ref.page.locator('.ref-list li').count()) > 0);
    await ref.page.screenshot({ path: screenshotPath('reference-desktop'), fullPage: false });
});

test('every mode has a route, deep links work under a sub-path', async () => {
    const sub = await launch({ basePath: '/faultline/' });
    try {
        // Each mode renders its own page (or a "coming" page), never the not-found page.
        for (const path of ['#/packs', '#/endless', '#/sandbox', '#/classroom', '#/builder', '#/progress', '#/reference']) {
            const { page, problems } = await openPage(sub, { path });
            await page.locator('main h2').first().waitFor();
            assert.doesNotMatch(await page.locator('main').textContent(), /no page at this address/, path);
            assert.equal(await page.locator('#fatal-error').count(), 0, path);
            assert.deepEqual(problems.pageErrors, [], path);
            await page.close();
        }
        const missing = await openPage(sub, { path: '#/no-such-mode' });
        await missing.page.getByText('There is no page at this address.').waitFor();
        await missing.page.close();
        const { page, problems } = await openPage(sub, { path: '#/puzzle/7' });
        await simulatorReady(page);
        assert.match(await page.locator('.story-panel').textContent(), /seed 7/);
        await page.reload();
        await simulatorReady(page);
        assert.deepEqual(problems.foreignRequests, []);
    } finally {
        await sub.close();
    }
});

test('reduced motion: the packet jumps from hop to hop, the event list advances', async () => {
    const { page } = await openPage(env);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await simulatorReady(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await assertCount(events(page), 2, 'two steps shown');
    assert.ok(await page.locator('.packet').isVisible(), 'the packet shows where the request is');
    const travel = await page.locator('.packet').evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration));
    assert.ok(travel < 0.001, `it does not travel (${travel}s)`);
    assert.equal(await page.locator('.event.current').count(), 1);
});

// Long tasks and frame rate while the heaviest trace plays are measured by scripts/bench, not
// asserted here: timings flake on a busy machine.

test('screenshots: desktop and phone, light and dark', async () => {
    for (const [name, viewport, scheme] of [
        ['sim-desktop-light', { width: 1280, height: 900 }, 'light'],
        ['sim-desktop-dark', { width: 1280, height: 900 }, 'dark'],
        ['sim-phone-light', { width: 360, height: 780 }, 'light'],
        ['sim-phone-dark', { width: 360, height: 780 }, 'dark'],
    ]) {
        const { page } = await openPage(env, { viewport });
        await page.emulateMedia({ colorScheme: scheme });
        await simulatorReady(page);
        await playToEnd(page);
        await page.getByRole('button', { name: new RegExp(`^Open event ${TOTAL}:`) }).click();
        await page.evaluate(() => document.activeElement?.blur());
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: no horizontal page scroll (${overflow}px)`);
        await page.screenshot({ path: screenshotPath(name), fullPage: true });
        await page.close();
    }
});

test('axe: the played, hinted and revealed simulator has no violations, light and dark', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const violations = async (page) => {
        await page.evaluate(axe);
        return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
            .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
    };
    for (const scheme of ['light', 'dark']) {
        const { page } = await openPage(env);
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await simulatorReady(page);
        await playToEnd(page);
        const wrongLayer = evidence.layers.find((l) => l !== answer.root_cause_layer);
        await page.locator('.question .choice').nth(evidence.layers.indexOf(wrongLayer)).click();
        await page.keyboard.press('h');
        await page.locator('.jwt-json summary').click();
        assert.deepEqual(await violations(page), [], `${scheme}, before the answer`);
        await page.locator('.question .choice').nth(evidence.layers.indexOf(answer.root_cause_layer)).click();
        await page.locator('.layer-node.root-cause').waitFor();
        assert.deepEqual(await violations(page), [], `${scheme}, revealed`);
        await page.close();
    }
});
