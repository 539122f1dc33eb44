/*
 * Headless Chromium at a set width, for tests/cli/t_page.sh: opens URL
 * in a viewport WIDTH x HEIGHT CSS pixels (a phone's when WIDTH < 600:
 * the page's viewport meta applies), then optionally runs the checks of
 * page_check.js in the page and prints their verdicts, a line each, and
 * takes a screenshot.
 *
 * Chromium's --window-size cannot do this: headless Chromium lays out at
 * 500 px at least whatever smaller width is asked, so a phone is emulated
 * with the DevTools protocol's Emulation.setDeviceMetricsOverride, spoken
 * over --remote-debugging-pipe (JSON messages ending in a NUL byte on
 * file descriptors 3 and 4): no port, no package.
 *
 * usage: node page_browser.js CHROMIUM PROFILE URL WIDTH HEIGHT
 *            [--check FILE [--fit] [--filter]] [--screenshot PNG]
 */
'use strict';
const fs = require('fs');
const { spawn } = require('child_process');

const [chromium, profile, url, width, height] = process.argv.slice(2, 7);
const rest = process.argv.slice(7);
const opt = (name) => {
	const i = rest.indexOf(name);
	return i === -1 ? null : rest[i + 1] || '';
};
const check = opt('--check');
const shot = opt('--screenshot');
const checkOpts = { width: Number(width), fit: rest.includes('--fit'),
	filter: rest.includes('--filter') };

const child = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu',
	'--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
	'--hide-scrollbars', '--remote-debugging-pipe', '--user-data-dir=' + profile,
	'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const timer = setTimeout(() => die('timed out'), 120000);

function die(why) {
	process.stderr.write('page_browser: ' + why + '\n');
	child.kill('SIGKILL');
	process.exit(1);
}

let id = 0, buf = Buffer.alloc(0);
const waiting = new Map(), events = [];
function send(method, params, sessionId) {
	const msg = { id: ++id, method, params: params || {} };
	if (sessionId)
		msg.sessionId = sessionId;
	child.stdio[3].write(JSON.stringify(msg) + '\0');
	return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}
function event(method) {
	return new Promise((resolve) => events.push({ method, resolve }));
}
child.stdio[4].on('data', (data) => {
	buf = Buffer.concat([buf, data]);
	let end;
	while ((end = buf.indexOf(0)) !== -1) {
		const msg = JSON.parse(buf.subarray(0, end).toString('utf8'));
		buf = buf.subarray(end + 1);
		if (msg.id && waiting.has(msg.id)) {
			const w = waiting.get(msg.id);
			waiting.delete(msg.id);
			if (msg.error)
				w.reject(new Error(w.method + ': ' + msg.error.message));
			else
				w.resolve(msg.result);
		} else if (msg.method) {
			const i = events.findIndex((e) => e.method === msg.method);
			if (i !== -1)
				events.splice(i, 1)[0].resolve(msg.params);
		}
	}
});
child.on('exit', (code) => {
	if (waiting.size)
		die('chromium ended (' + code + ')');
});

(async () => {
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
	const w = Number(width), h = Number(height);
	await send('Emulation.setDeviceMetricsOverride', { width: w, height: h,
		deviceScaleFactor: 1, mobile: w < 600 }, sessionId);
	await send('Page.enable', {}, sessionId);
	const loaded = event('Page.loadEventFired');
	await send('Page.navigate', { url }, sessionId);
	await loaded;
	if (check !== null) {
		const src = fs.readFileSync(check, 'utf8');
		const r = await send('Runtime.evaluate', { expression: '(' + src + ')(' +
			JSON.stringify(checkOpts) + ')', awaitPromise: true,
			returnByValue: true }, sessionId);
		if (r.exceptionDetails)
			die('the checks threw: ' + JSON.stringify(r.exceptionDetails).slice(0, 400));
		process.stdout.write(r.result.value);
	}
	if (shot) {
		const r = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
		fs.writeFileSync(shot, Buffer.from(r.data, 'base64'));
	}
	await send('Browser.close').catch(() => {});
	clearTimeout(timer);
	process.exit(0);
})().catch((e) => die(e.message));
