/*
 * Checks of an exported page from inside the browser, for
 * tests/cli/t_page.sh: page_browser.js evaluates this function in the
 * loaded page, after the page's own script ran, and prints the verdicts
 * its promise gives, a line each: "ok NAME" or "not ok NAME: why".  The
 * product carries none of this.  OPTS: width, the viewport's width the
 * test asked for; fit, that every table fits its box (no scrolling in
 * it either); filter, that the filter is tried too (the address, a
 * change of it, typing, no match).
 */
(function (opts) {
	'use strict';
	var lines = [];
	/* Columns whose values must stay on one line, by their heading. */
	var tokens = ['事项编码', '依据文号', '实施时间', '单位编码', '部门编码',
	    '类型编码', '实施主体编码', '起始日期', '终止日期', '记录时间',
	    '原实施主体编码', '承接单位编码', '行使单位编码'];
	var tables = Array.prototype.slice.call(document.querySelectorAll('table'));
	var wide = opts.width > 640;

	function say(name, ok, why) {
		lines.push((ok ? 'ok ' : 'not ok ') + name + (ok ? '' : ': ' + why));
	}
	function heads(table) {
		return Array.prototype.map.call(table.querySelectorAll('thead th'),
		    function (th) { return th.textContent; });
	}
	function visible(el) {
		return el.getClientRects().length > 0;
	}

	say('width ' + opts.width + ': no horizontal scrolling',
	    window.innerWidth === opts.width &&
	    document.documentElement.scrollWidth <= opts.width,
	    'innerWidth ' + window.innerWidth + ', scrollWidth ' +
	    document.documentElement.scrollWidth);
	if (opts.fit) {
		var over = tables.filter(function (t) {
			return t.getBoundingClientRect().width >
			    t.parentNode.clientWidth + 0.5;
		});
		say('width ' + opts.width + ': every table fits its box',
		    over.length === 0, over.length + ' tables wider');
	}

	/* Each token (a cell, or each <span> of a list) on one line, inside its cell. */
	var items = 0, broken = [], out = [];
	tables.forEach(function (table) {
		var h = heads(table);
		table.querySelectorAll('tbody tr').forEach(function (tr) {
			Array.prototype.forEach.call(tr.cells, function (td, i) {
				if (tokens.indexOf(h[i]) === -1 || td.textContent === '')
					return;
				var parts = td.querySelectorAll('span');
				(parts.length ? Array.prototype.slice.call(parts) : [td])
				    .forEach(function (el) {
					var r = document.createRange(), tops = {}, n = 0;
					r.selectNodeContents(el);
					Array.prototype.forEach.call(r.getClientRects(),
					    function (c) {
						if (c.width > 0 && !tops[Math.round(c.top)]) {
							tops[Math.round(c.top)] = 1;
							n++;
						}
					});
					items++;
					if (n !== 1)
						broken.push(h[i] + ' ' + el.textContent + ' on ' + n + ' lines');
					if (r.getBoundingClientRect().right >
					    td.getBoundingClientRect().right + 0.5)
						out.push(h[i] + ' ' + el.textContent);
				});
			});
		});
	});
	say('width ' + opts.width + ': ' + items + ' dates, codes and documents on one line each',
	    items > 0 && broken.length === 0, broken.length + ': ' + broken.slice(0, 3).join('; '));
	say('width ' + opts.width + ': no value runs out of its cell',
	    out.length === 0, out.length + ': ' + out.slice(0, 3).join('; '));

	if (wide) {
		/* One grid: every table's columns where the first table has them. */
		var grid = function (table) {
			var left = table.getBoundingClientRect().left;
			return Array.prototype.map.call(table.querySelectorAll('thead th'),
			    function (th) {
				var b = th.getBoundingClientRect();
				return Math.round(b.left - left) + '+' + Math.round(b.width);
			}).join(' ');
		};
		var first = grid(tables[0]), odd = tables.filter(function (t) {
			return grid(t) !== first;
		});
		say(tables.length + ' tables on one column grid', tables.length > 0 &&
		    odd.length === 0, grid(odd[0] || tables[0]) + ' vs ' + first);
	} else {
		/* Cards: a row as wide as the page at most, each value under its label. */
		var unlabelled = 0, rows = 0;
		tables.forEach(function (table) {
			var h = heads(table);
			table.querySelectorAll('tbody tr').forEach(function (tr) {
				rows++;
				Array.prototype.forEach.call(tr.cells, function (td, i) {
					var c = getComputedStyle(td, '::before').content;
					if (c !== '"' + h[i] + '"')
						unlabelled++;
				});
			});
		});
		say('phone: ' + rows + ' rows as cards, each value labelled',
		    rows > 0 && unlabelled === 0, unlabelled + ' cells without their label');
		say('phone: the column headings are not shown',
		    tables.every(function (t) { return !visible(t.tHead) ||
			t.tHead.getBoundingClientRect().height <= 1; }), 'a thead shows');
	}

	var done, finished = new Promise(function (resolve) { done = resolve; });
	function finish() {
		done(lines.join('\n') + '\n');
	}
	if (!opts.filter) {
		finish();
		return finished;
	}

	/* The filter: by the address, on a change of it, and by typing. */
	var q = document.getElementById('q'), none = document.getElementById('none');
	var all = Array.prototype.slice.call(document.querySelectorAll('tbody tr'));
	function shown() {
		return all.filter(visible).length;
	}
	var steps = [
		function () { location.hash = '#q=' + encodeURIComponent('没有这个事项'); },
		function () {
			say('a filter matching nothing shows the no-match line',
			    shown() === 0 && none !== null && visible(none) &&
			    none.textContent.indexOf('没有这个事项') !== -1,
			    shown() + ' rows, line ' + (none && visible(none)));
			location.hash = '#q=' + encodeURIComponent('建筑');
		},
		function () {
			var n = shown();
			say('a change of the address filters again (' + n + ' rows)',
			    q.value === '建筑' && n > 0 && n < all.length &&
			    !visible(none), q.value + ', ' + n + ' rows');
			q.value = '许可';
			q.dispatchEvent(new Event('input'));
		},
		function () {
			say('typing puts the filter in the address',
			    location.hash === '#q=' + encodeURIComponent('许可') &&
			    shown() > 0 && shown() < all.length, location.hash);
			q.value = '';
			q.dispatchEvent(new Event('input'));
		},
		function () {
			say('an empty filter shows every row and clears the address',
			    shown() === all.length && location.hash === '',
			    shown() + ' rows, ' + location.hash);
			finish();
		}
	];
	var step = 0;
	(function next() {
		steps[step++]();
		if (step < steps.length)
			setTimeout(next, 50);
	})();
	return finished;
})
