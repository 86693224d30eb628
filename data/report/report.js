// report.html script (llmsa). Reads the embedded JSON and builds every section. Trace names are
// untrusted: they are only ever inserted with textContent (or drawn on a canvas), never as HTML.
(function () {
  'use strict';
  var root = document.documentElement;
  var started = performance.now();
  function fail(message) {
    root.setAttribute('data-rendered', 'error');
    var b = document.getElementById('render-error');
    if (b) { b.textContent = 'The report script failed: ' + message; b.className = 'banner show'; }
  }
  window.addEventListener('error', function (e) { fail(e.message || 'unknown error'); });

  var D = JSON.parse(document.getElementById('llmsa-data').textContent);
  var NAMES = D.names;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var ROLE_COLORS = {
    attention: '#4e79a7', ffn_matmul: '#f28e2b', moe_gating: '#edc948', moe_dispatch: '#b07aa1',
    moe_expert_gemm: '#e15759', moe_combine: '#ff9da7', moe_fused_mc2: '#9c755f', communication: '#59a14f',
    vector: '#76b7b2', aicpu: '#d4386f', memcpy: '#8e6bbf', convolution: '#86bcb6', other: '#a0a7b4'
  };
  var FAMILY_COLORS = {
    cube: '#3b6fb6', vector: '#59a14f', aic_mte: '#e15759', aiv_mte: '#f28e2b', scalar: '#b07aa1',
    mixed: '#9c755f', comm_aiv_mix: '#76b7b2', '': '#a0a7b4'
  };
  var STACK = [
    { key: 'compute_ns', label: 'compute (kernels, AICPU)', color: 'var(--compute)', raw: '#3b6fb6' },
    { key: 'exposed_communication_ns', label: 'exposed communication', color: 'var(--comm)', raw: '#f0a030' },
    { key: 'exposed_memcpy_ns', label: 'exposed memcpy', color: 'var(--memcpy)', raw: '#8e6bbf' },
    { key: 'idle_ns', label: 'idle (bubbles, head, tail)', color: 'var(--idle)', raw: '#f3a797' }
  ];
  var SEV_ORDER = { high: 0, medium: 1, low: 2, info: 3 };
  var CONF_ORDER = { high: 0, medium: 1, low: 2 };

  // ---------- small helpers ----------
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function ms(ns) { return ns === null || ns === undefined ? '—' : (ns / 1e6).toFixed(3); }
  function fmtTime(ns) {
    var a = Math.abs(ns);
    if (a >= 1e9) return (ns / 1e9).toFixed(3) + ' s';
    if (a >= 1e6) return (ns / 1e6).toFixed(3) + ' ms';
    if (a >= 1e3) return (ns / 1e3).toFixed(2) + ' µs';
    return Math.round(ns) + ' ns';
  }
  function num(v, digits) {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return v.toFixed(digits === undefined ? 3 : digits);
  }
  function pct(v) { return v === null || v === undefined ? '—' : (100 * v).toFixed(1) + '%'; }
  function roleColor(r) { return ROLE_COLORS[r] || ROLE_COLORS.other; }
  function roleOf(name) {  // "communication.allreduce" -> communication colour
    var base = String(name).split('.')[0];
    return ROLE_COLORS[name] ? name : base;
  }
  var tip = null;
  function showTip(evt, lines) {
    if (!tip) { tip = el('div', { 'class': 'tooltip', id: 'tooltip' }); document.body.appendChild(tip); }
    tip.textContent = '';
    lines.forEach(function (l, i) {
      if (i === 0) tip.appendChild(el('b', null, l)); else tip.appendChild(document.createTextNode(l));
      tip.appendChild(document.createTextNode('\n'));
    });
    tip.style.display = 'block';
    var x = evt.clientX + 14, y = evt.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = evt.clientX - w - 14;
    if (y + h > window.innerHeight - 8) y = evt.clientY - h - 14;
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = Math.max(4, y) + 'px';
  }
  function hideTip() { if (tip) tip.style.display = 'none'; }
  function legend(container, items) {
    var lg = el('div', { 'class': 'legend' });
    items.forEach(function (it) {
      var s = el('span');
      var sw = el('span', { 'class': 'sw' });
      sw.style.background = it.color;
      s.appendChild(sw);
      s.appendChild(document.createTextNode(it.label));
      lg.appendChild(s);
    });
    container.appendChild(lg);
  }
  function empty(container, text) { container.appendChild(el('div', { 'class': 'empty' }, text)); }
  function sortedFindings() {
    return D.findings.slice().sort(function (a, b) {
      return (SEV_ORDER[a.severity] - SEV_ORDER[b.severity]) || (CONF_ORDER[a.confidence] - CONF_ORDER[b.confidence]) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  }
  function findingIndexById() {
    var m = {};
    D.findings.forEach(function (f) { m[f.id] = f; });
    return m;
  }
  function gotoFinding(id) {
    var card = $('card-' + id);
    if (!card) return;
    var det = card.querySelector('details');
    if (det) det.open = true;
    card.scrollIntoView({ behavior: 'smooth', block: 'center' });
    card.classList.add('flash');
    setTimeout(function () { card.classList.remove('flash'); }, 1600);
  }

  // ---------- header ----------
  function renderHeader() {
    var ranks = D.capture.ranks.length;
    var events = 0;
    D.capture.ranks.forEach(function (r) { events += r.events; });
    $('subtitle').textContent = ranks + (ranks === 1 ? ' rank' : ' ranks') + ' · ' + events.toLocaleString('en-US') +
      ' events read · ' + D.findings.length + ' findings · definitions: ' + D.compat;
  }

  // ---------- executive summary ----------
  function renderSummary() {
    var host = $('summary-body');
    var steps = 0, events = 0, sev = { high: 0, medium: 0, low: 0, info: 0 };
    D.ranks.forEach(function (r) { steps += r.steps.length; });
    D.capture.ranks.forEach(function (r) { events += r.events; });
    D.findings.forEach(function (f) { sev[f.severity] = (sev[f.severity] || 0) + 1; });
    var tiles = el('div', { 'class': 'tiles', id: 'summary-tiles' });
    function tile(k, v) { var t = el('div', { 'class': 'tile' }); t.appendChild(el('div', { 'class': 'v' }, v)); t.appendChild(el('div', { 'class': 'k' }, k)); tiles.appendChild(t); }
    tile('ranks', D.capture.ranks.length);
    tile('events read', events.toLocaleString('en-US'));
    tile('device events on timeline', D.timeline.events.toLocaleString('en-US'));
    tile('steps analysed', steps);
    tile('findings', D.findings.length);
    tile('high / medium severity', sev.high + ' / ' + sev.medium);
    var flagged = (D.slow_ranks && D.slow_ranks.vote && D.slow_ranks.vote.slow_affect_count) || [];
    tile('slow ranks (vote)', flagged.length ? flagged.map(function (v) { return v.rank; }).join(', ') : 'none');
    host.appendChild(tiles);

    host.appendChild(el('h3', null, 'What matters most'));
    var top = sortedFindings().slice(0, 3);
    if (!top.length) empty(host, 'No findings: no rule of the analysis fired on this capture.');
    var ul = el('ul', { 'class': 'top3', id: 'top-findings' });
    top.forEach(function (f) {
      var li = el('li');
      li.appendChild(el('span', { 'class': 'pill ' + f.severity }, f.severity));
      var body = el('div');
      body.appendChild(el('div', { 'class': 'title' }, f.title));
      var meta = el('div', { 'class': 'meta' });
      f.metrics.slice(0, 4).forEach(function (m) { meta.appendChild(el('span', { 'class': 'chip' }, m[0] + ' = ' + num(m[1]) + ' ' + m[2])); });
      var a = el('a', { 'class': 'evid', href: '#card-' + f.id }, 'evidence: ' + f.evidence.length + ' id(s) →');
      a.addEventListener('click', function (e) { e.preventDefault(); gotoFinding(f.id); });
      meta.appendChild(a);
      body.appendChild(meta);
      li.appendChild(body);
      ul.appendChild(li);
    });
    host.appendChild(ul);

    host.appendChild(el('h3', null, 'Ranks'));
    var opsByRank = {};
    D.operators.forEach(function (o) { opsByRank[o.rank] = o; });
    var overlap = {};
    D.comm_overlap.forEach(function (o) { overlap[o.rank] = o; });
    var t = el('table', { 'class': 'grid', id: 'rank-table' });
    var hr = el('tr');
    ['rank', 'steps from', 'wall ms', 'busy ms', 'compute ms', 'exposed comm ms', 'idle ms', 'time split', 'bubbles',
      'longest bubble ms', 'rank bound', 'attention family'].forEach(function (h, i) {
      hr.appendChild(el('th', { 'class': i >= 2 && i <= 6 || i === 8 || i === 9 ? 'num' : '' }, h));
    });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    D.ranks.forEach(function (r) {
      var c = r.capture, tr = el('tr');
      var op = opsByRank[r.rank] || {};
      tr.appendChild(el('td', null, r.rank));
      tr.appendChild(el('td', null, r.step_source));
      [c.wall_ns, c.busy_ns, c.compute_ns, c.exposed_communication_ns, c.idle_ns].forEach(function (v) { tr.appendChild(el('td', { 'class': 'num' }, ms(v))); });
      var td = el('td'), bar = el('div', { 'class': 'miniBar' });
      STACK.forEach(function (s) {
        var span = el('span');
        span.style.width = (c.wall_ns > 0 ? 100 * c[s.key] / c.wall_ns : 0) + '%';
        span.style.background = s.raw;
        span.title = s.label + ': ' + ms(c[s.key]) + ' ms';
        bar.appendChild(span);
      });
      td.appendChild(bar);
      tr.appendChild(td);
      tr.appendChild(el('td', { 'class': 'num' }, c.bubble_count));
      tr.appendChild(el('td', { 'class': 'num' }, ms(c.longest_bubble_ns)));
      var rb = op.rank_bound || {};
      tr.appendChild(el('td', null, rb.bound_family ? rb.bound_family + (rb.bound_stage ? ' (' + rb.bound_stage + ')' : '') : '—'));
      tr.appendChild(el('td', null, op.attention_family ? op.attention_family + (op.attention_family_heuristic ? ' (heuristic)' : '') : '—'));
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    host.appendChild(sc);
    legend(host, STACK.map(function (s) { return { label: s.label, color: s.raw }; }));
  }

  // ---------- stacked step time ----------
  function renderSteps() {
    var host = $('chart-steps');
    legend(host, STACK.map(function (s) { return { label: s.label, color: s.raw }; }));
    var grid = el('div', { 'class': 'smalls' });
    host.appendChild(grid);
    var maxWall = 0;
    D.ranks.forEach(function (r) { r.steps.forEach(function (s) { maxWall = Math.max(maxWall, s.time.wall_ns); }); });
    var any = false, idle = [];
    D.ranks.forEach(function (r) {
      if (!r.steps.some(function (s) { return s.time.wall_ns > 0; })) { idle.push(r.rank); return; }
      any = true;
      var box = el('div', { 'class': r.steps.length > 16 ? 'small wide' : 'small' });
      box.appendChild(el('h3', null, 'rank ' + r.rank + ' · ' + r.steps.length + ' step(s) from ' + r.step_source));
      var n = r.steps.length, W = Math.max(400, Math.min(1400, n * 26 + 70)), H = 210, L = 52, B = 34, T = 8;
      var s = svg('svg', { width: '100%', viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'xMinYMin meet', 'class': 'steps-chart', 'data-rank': r.rank });
      var plotW = W - L - 8, plotH = H - B - T;
      for (var g = 0; g <= 4; g++) {
        var y = T + plotH - plotH * g / 4;
        s.appendChild(svg('line', { x1: L, x2: W - 8, y1: y, y2: y, 'class': 'gridline' }));
        s.appendChild(svg('text', { x: L - 6, y: y + 3, 'text-anchor': 'end', 'class': 'tick' }, (maxWall * g / 4 / 1e6).toFixed(maxWall >= 4e7 ? 0 : 2)));
      }
      s.appendChild(svg('text', { x: 12, y: T + plotH / 2, 'class': 'tick', transform: 'rotate(-90 12 ' + (T + plotH / 2) + ')', 'text-anchor': 'middle' }, 'ms'));
      var slot = plotW / n, bw = Math.max(2, Math.min(22, slot * 0.72));
      r.steps.forEach(function (st, i) {
        var x = L + i * slot + (slot - bw) / 2, acc = 0;
        var tipLines = ['rank ' + r.rank + ' · step ' + st.step + (st.type && st.type !== 'unknown' ? ' (' + st.type + ')' : ''),
          'wall ' + ms(st.time.wall_ns) + ' ms, busy ' + ms(st.time.busy_ns) + ' ms'];
        STACK.forEach(function (k) { tipLines.push(k.label + ': ' + ms(st.time[k.key]) + ' ms'); });
        tipLines.push('overlapped comm/compute: ' + ms(st.time.overlapped_ns) + ' ms');
        tipLines.push('anatomy head / main / tail: ' + ms(st.time.head_ns) + ' / ' + ms(st.time.main_ns) + ' / ' + ms(st.time.tail_ns) + ' ms');
        tipLines.push('bubbles ' + st.time.bubble_count + ', longest ' + ms(st.time.longest_bubble_ns) + ' ms');
        if (st.layers.length) tipLines.push('layers ' + st.layers.length);
        if (st.type_reason) tipLines.push('step type: ' + st.type_reason);
        tipLines.push('click: show this step on the timeline');
        STACK.forEach(function (k) {
          var v = st.time[k.key];
          if (!(v > 0) || !(maxWall > 0)) return;
          var h = plotH * v / maxWall;
          var rect = svg('rect', { x: x, y: T + plotH - (acc + h), width: bw, height: Math.max(h, 0.5), fill: k.raw, 'class': 'bar' });
          acc += h;
          rect.addEventListener('mousemove', function (e) { showTip(e, tipLines); });
          rect.addEventListener('mouseleave', hideTip);
          rect.addEventListener('click', function () { TL.zoomTo(st.start, st.end); $('timeline').scrollIntoView({ behavior: 'smooth' }); });
          s.appendChild(rect);
        });
        if (n <= 40 || i % Math.ceil(n / 40) === 0)
          s.appendChild(svg('text', { x: x + bw / 2, y: H - B + 14, 'text-anchor': 'middle', 'class': 'tick' }, st.step));
      });
      s.appendChild(svg('line', { x1: L, x2: W - 8, y1: T + plotH, y2: T + plotH, 'class': 'axis' }));
      s.appendChild(svg('text', { x: L + plotW / 2, y: H - 4, 'text-anchor': 'middle', 'class': 'tick' }, 'step'));
      box.appendChild(s);
      grid.appendChild(box);
    });
    if (idle.length) empty(host, 'No device events (nothing to split) on rank(s) ' + idle.join(', ') + '.');
    if (!any) empty(host, 'No steps: the capture had no device events in any analysed window.');
    renderStructure(host);
  }

  // Step structure: type, layers, blocks and bubbles, when the analysis found them.
  function renderStructure(host) {
    var rows = [];
    D.ranks.forEach(function (r) { r.steps.forEach(function (s) { if (s.time.wall_ns > 0) rows.push({ r: r, s: s }); }); });
    var structured = rows.some(function (x) { return x.s.layers.length || x.s.bubbles.length || (x.s.type && x.s.type !== 'unknown'); });
    host.appendChild(el('h3', null, 'Step structure'));
    if (!structured) { empty(host, 'No step structure (layers, bubbles, step type) was derived for this capture.'); return; }
    var t = el('table', { 'class': 'grid', id: 'structure-table' }), hr = el('tr');
    ['rank', 'step', 'type', 'why', 'layers', 'blocks', 'bubbles', 'host-bound bubbles', 'longest bubble ms', 'underfeed', 'head / main / tail ms'].forEach(function (h, i) {
      hr.appendChild(el('th', { 'class': i >= 4 && i !== 5 ? 'num' : '' }, h));
    });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    rows.slice(0, 500).forEach(function (x) {
      var s = x.s, tr = el('tr'), kinds = {};
      s.layers.forEach(function (l) { l.blocks.forEach(function (b) { var k = b.kind + (b.family ? ':' + b.family : ''); kinds[k] = (kinds[k] || 0) + 1; }); });
      var host_bound = s.bubbles.filter(function (b) { return b.host_bound; }).length;
      [x.r.rank, s.step, s.type, s.type_reason || '—', s.layers.length,
        Object.keys(kinds).sort().map(function (k) { return k + ' ×' + kinds[k]; }).join(', ') || '—',
        s.bubbles.length, host_bound, ms(s.time.longest_bubble_ns), pct(s.underfeed_ratio),
        ms(s.time.head_ns) + ' / ' + ms(s.time.main_ns) + ' / ' + ms(s.time.tail_ns)].forEach(function (v, i) {
        tr.appendChild(el('td', { 'class': i >= 4 && i !== 5 ? 'num' : '' }, v));
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    host.appendChild(sc);
  }

  // ---------- category shares ----------
  function renderShares() {
    var host = $('chart-shares');
    var rows = [], roles = [], seen = {};
    D.ranks.forEach(function (r) {
      r.steps.forEach(function (s) {
        if (!(s.time.wall_ns > 0)) return;
        rows.push({ rank: r.rank, step: s.step, roles: s.roles, wall: s.time.wall_ns });
        s.roles.forEach(function (x) { if (!seen[x[0]]) { seen[x[0]] = true; roles.push(x[0]); } });
      });
    });
    if (!rows.length) { empty(host, 'No steps to break down.'); return; }
    var t = el('table', { 'class': 'grid heat', id: 'shares-table' });
    var hr = el('tr');
    hr.appendChild(el('th', null, 'rank'));
    hr.appendChild(el('th', null, 'step'));
    hr.appendChild(el('th', { 'class': 'num' }, 'wall ms'));
    roles.forEach(function (ro) {
      var th = el('th', { 'class': 'num' });
      var sw = el('span', { 'class': 'sw' });
      sw.style.cssText = 'display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:4px;background:' + roleColor(roleOf(ro));
      th.appendChild(sw);
      th.appendChild(document.createTextNode(ro));
      hr.appendChild(th);
    });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    var limit = 300;
    rows.slice(0, limit).forEach(function (row) {
      var tr = el('tr'), by = {};
      row.roles.forEach(function (x) { by[x[0]] = x; });
      tr.appendChild(el('td', null, row.rank));
      tr.appendChild(el('td', null, row.step));
      tr.appendChild(el('td', { 'class': 'num' }, ms(row.wall)));
      roles.forEach(function (ro) {
        var x = by[ro], td = el('td', { 'class': 'cell' });
        if (x) {
          td.textContent = pct(x[2]);
          td.style.background = 'rgba(47,95,179,' + Math.min(0.75, x[2] * 0.9 + 0.03).toFixed(3) + ')';
          if (x[2] > 0.45) td.style.color = '#fff';
          td.title = ro + ': ' + ms(x[1]) + ' ms, ' + pct(x[2]) + ' of wall, ' + pct(x[3]) + ' of busy, ' + x[4] + ' events';
        } else td.textContent = '·';
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    host.appendChild(sc);
    if (rows.length > limit) empty(host, 'Showing the first ' + limit + ' of ' + rows.length + ' rank·step rows.');
  }

  // ---------- timeline (canvas) ----------
  var TL = (function () {
    var canvas, ctx, dpr = 1, W = 0, H = 0, LABEL = 118, LANE_H = 18, OV_H = 14;
    var t0 = 0, t1 = 1, full0 = 0, full1 = 1, rows = [], keptFinding = {}, drawn = 0;
    function build() {
      var fx = findingIndexById();
      D.findings.forEach(function (f) {
        f.events.forEach(function (pe) {
          var k = pe[0] + ':' + pe[1];
          (keptFinding[k] = keptFinding[k] || []).push(f.id);
        });
      });
      var lo = Infinity, hi = -Infinity;
      var byRank = {};
      D.ranks.forEach(function (r) { byRank[r.rank] = r; });
      D.timeline.ranks.forEach(function (tr, p) {
        var ra = byRank[tr.rank] || { steps: [] };
        rows.push({ type: 'header', label: 'rank ' + tr.rank + (tr.bucket_ns ? '  (events under ' + fmtTime(tr.bucket_ns) + ' merged per stream)' : '') +
          (tr.lanes.length ? '' : '  (no device events)') });
        var steps = ra.steps.filter(function (s) { return s.time.wall_ns > 0; });
        if (steps.length) rows.push({ type: 'steps', label: 'steps', items: steps });
        var layers = [], bubbles = [];
        ra.steps.forEach(function (s) { layers = layers.concat(s.layers); bubbles = bubbles.concat(s.bubbles); });
        if (layers.length) rows.push({ type: 'layers', label: 'layers', items: layers });
        if (bubbles.length) rows.push({ type: 'bubbles', label: 'bubbles', items: bubbles });
        var marks = [];
        tr.lanes.forEach(function (lane) {
          lane.kept.forEach(function (b) {
            var ids = keptFinding[p + ':' + lane.e[b]] || [];
            marks.push({ start: lane.s[b], end: lane.s[b] + lane.d[b], ids: ids, name: NAMES[lane.n[b]] });
          });
        });
        if (marks.length) {
          marks.sort(function (a, b) { return a.start - b.start; });
          rows.push({ type: 'findings', label: 'findings', items: marks, fx: fx });
        }
        tr.lanes.forEach(function (lane) {
          var maxD = 0;
          for (var i = 0; i < lane.d.length; i++) maxD = Math.max(maxD, lane.d[i]);
          if (lane.s.length) { lo = Math.min(lo, lane.s[0]); }
          for (var j = 0; j < lane.s.length; j++) hi = Math.max(hi, lane.s[j] + lane.d[j]);
          var keptSet = {};
          lane.kept.forEach(function (b) { keptSet[b] = true; });
          rows.push({ type: 'lane', label: 'stream ' + (lane.stream < 0 ? '?' : lane.stream), lane: lane, maxD: maxD, keptSet: keptSet, rankPos: p });
        });
        steps.forEach(function (s) { lo = Math.min(lo, s.start); hi = Math.max(hi, s.end); });
      });
      if (!isFinite(lo) || !(hi > lo)) { lo = 0; hi = 1; }
      full0 = t0 = lo; full1 = t1 = hi;
      var y = 0;
      rows.forEach(function (r) { r.y = y; r.h = r.type === 'lane' ? LANE_H : r.type === 'header' ? 20 : OV_H; y += r.h + 2; });
      H = y + 26;
    }
    function xOf(t) { return LABEL + (t - t0) / (t1 - t0) * (W - LABEL - 6); }
    function tOf(x) { return t0 + (x - LABEL) / (W - LABEL - 6) * (t1 - t0); }
    function lowerBound(arr, v) { var lo = 0, hi = arr.length; while (lo < hi) { var m = (lo + hi) >> 1; if (arr[m] < v) lo = m + 1; else hi = m; } return lo; }
    function drawBand(r, items, color, labelOf) {
      items.forEach(function (it, i) {
        if (it.end < t0 || it.start > t1) return;
        var x0 = Math.max(LABEL, xOf(it.start)), x1 = Math.min(W - 6, xOf(it.end));
        ctx.fillStyle = typeof color === 'function' ? color(it, i) : color;
        ctx.fillRect(x0, r.y + 1, Math.max(1, x1 - x0), r.h - 2);
        var lab = labelOf ? labelOf(it) : '';
        if (lab && x1 - x0 > 28) {
          ctx.save(); ctx.beginPath(); ctx.rect(x0, r.y, x1 - x0, r.h); ctx.clip();
          ctx.fillStyle = '#1d2330'; ctx.font = '10px system-ui, sans-serif'; ctx.fillText(lab, x0 + 3, r.y + r.h - 4);
          ctx.restore();
        }
      });
    }
    function draw() {
      W = canvas.clientWidth;
      canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
      canvas.style.height = H + 'px';
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.font = '11px system-ui, sans-serif';
      drawn = 0;
      rows.forEach(function (r) {
        if (r.type === 'header') {
          ctx.fillStyle = '#eef1f6'; ctx.fillRect(0, r.y, W, r.h);
          ctx.fillStyle = '#1d2330'; ctx.font = '600 11.5px system-ui, sans-serif'; ctx.fillText(r.label, 6, r.y + 14); ctx.font = '11px system-ui, sans-serif';
          return;
        }
        ctx.fillStyle = '#5d6677'; ctx.fillText(r.label, 8, r.y + r.h - 4);
        if (r.type === 'steps') drawBand(r, r.items, function (it, i) { return i % 2 ? '#dfe6f3' : '#c9d5ec'; }, function (it) { return 'step ' + it.step + (it.type !== 'unknown' ? ' ' + it.type : ''); });
        else if (r.type === 'layers') drawBand(r, r.items, function (it, i) { return i % 2 ? '#e5ecd9' : '#d3e0c0'; }, function (it) { return 'L' + it.index; });
        else if (r.type === 'bubbles') drawBand(r, r.items, function (it) { return it.host_bound ? '#d62728' : '#f08c7e'; }, null);
        else if (r.type === 'findings') drawBand(r, r.items, '#c62f2f', null);
        else drawLane(r);
      });
      // time axis
      var yA = H - 22;
      ctx.strokeStyle = '#9aa3b2'; ctx.beginPath(); ctx.moveTo(LABEL, yA); ctx.lineTo(W - 6, yA); ctx.stroke();
      ctx.fillStyle = '#6b7383'; ctx.font = '10.5px system-ui, sans-serif';
      var span = t1 - t0, step = Math.pow(10, Math.floor(Math.log10(span / 6)));
      if (span / step > 12) step *= 5; else if (span / step > 6) step *= 2;
      for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
        var x = xOf(t);
        ctx.fillRect(x, yA, 1, 4);
        ctx.fillText(fmtTime(t), x + 2, yA + 14);
      }
      canvas.setAttribute('data-drawn', String(drawn));  // boxes painted (the browser test reads it)
      $('tl-window').textContent = 'window ' + fmtTime(t0) + ' → ' + fmtTime(t1) + ' (' + fmtTime(t1 - t0) + ')';
    }
    function drawLane(r) {
      var L = r.lane, s = L.s, d = L.d, n = s.length;
      var i = lowerBound(s, t0 - r.maxD), lastX = -1;
      var pxNs = (t1 - t0) / (W - LABEL - 6);
      for (; i < n && s[i] <= t1; i++) {
        var end = s[i] + d[i];
        if (end < t0) continue;
        var x0 = Math.max(LABEL, xOf(s[i])), x1 = Math.min(W - 6, xOf(end));
        var w = x1 - x0;
        if (w < 1) { if (Math.floor(x0) === lastX && !r.keptSet[i]) continue; w = 1; }
        lastX = Math.floor(x0);
        var role = D.timeline.roles[L.r[i]];
        ctx.globalAlpha = L.c[i] > 1 ? Math.max(0.35, Math.min(1, L.u[i] / Math.max(d[i], pxNs))) : 1;
        ctx.fillStyle = roleColor(role);
        ctx.fillRect(x0, r.y + 1, w, r.h - 2);
        drawn++;
        if (r.keptSet[i] && w >= 3) { ctx.globalAlpha = 1; ctx.strokeStyle = '#1d2330'; ctx.lineWidth = 1.2; ctx.strokeRect(x0, r.y + 0.75, Math.max(w, 2), r.h - 1.5); }
      }
      ctx.globalAlpha = 1;
    }
    function rowAt(y) { for (var k = 0; k < rows.length; k++) if (y >= rows[k].y && y < rows[k].y + rows[k].h + 2) return rows[k]; return null; }
    function hit(r, t, tol) {
      if (r.type === 'lane') {
        var L = r.lane, i = lowerBound(L.s, t - r.maxD - tol), best = -1;
        for (; i < L.s.length && L.s[i] <= t + tol; i++) if (L.s[i] + L.d[i] >= t - tol) best = i;
        return best;
      }
      if (!r.items) return -1;
      for (var j = 0; j < r.items.length; j++) { var it = r.items[j]; if (it.start <= t + tol && it.end >= t - tol) return j; }
      return -1;
    }
    function describe(r, i) {
      if (r.type === 'lane') {
        var L = r.lane, lines = [NAMES[L.n[i]]];
        lines.push('role ' + D.timeline.roles[L.r[i]] + ' · ' + r.label);
        lines.push('start ' + fmtTime(L.s[i]) + ', duration ' + fmtTime(L.d[i]));
        if (L.c[i] > 1) lines.push(L.c[i] + ' events merged (busy ' + fmtTime(L.u[i]) + '); the name is the longest one');
        else lines.push('event index ' + L.e[i]);
        var ids = keptFinding[r.rankPos + ':' + L.e[i]];
        if (ids) lines.push('evidence of ' + ids.length + ' finding(s); click to open');
        return lines;
      }
      var it = r.items[i];
      if (r.type === 'steps') return ['step ' + it.step + ' (' + it.type + ')', 'wall ' + ms(it.time.wall_ns) + ' ms, idle ' + ms(it.time.idle_ns) + ' ms', 'click to zoom'];
      if (r.type === 'layers') return ['layer ' + it.index + ' (' + it.anchor + ')', 'wall ' + fmtTime(it.end - it.start) + ', busy ' + fmtTime(it.busy_ns), it.blocks.map(function (b) { return b.kind + (b.family ? ':' + b.family : ''); }).join(' · ')];
      if (r.type === 'bubbles') return ['bubble ' + fmtTime(it.end - it.start) + ' (' + it.location + ')', it.host_bound ? 'host bound' : 'device side', it.cause || ''];
      if (r.type === 'findings') return [it.name, it.ids.map(function (id) { var f = r.fx[id]; return f ? f.severity + ': ' + f.title : id; }).join('\n'), 'click to open the finding'];
      return [];
    }
    function zoomTo(a, b) {
      if (!(b > a)) return;
      var pad = (b - a) * 0.03;
      t0 = Math.max(full0 - (full1 - full0), a - pad); t1 = b + pad;
      draw();
    }
    function init() {
      canvas = $('timeline-canvas');
      ctx = canvas.getContext('2d');
      dpr = window.devicePixelRatio || 1;
      build();
      legend($('tl-legend'), D.timeline.roles.map(function (r) { return { label: r, color: roleColor(r) }; })
        .concat([{ label: 'finding evidence (outlined; own lane in red)', color: '#c62f2f' }, { label: 'bubble (dark: host bound)', color: '#f08c7e' }]));
      draw();
      var drag = null;
      canvas.addEventListener('wheel', function (e) {
        e.preventDefault();
        var rect = canvas.getBoundingClientRect(), x = e.clientX - rect.left;
        if (x < LABEL) return;
        var t = tOf(x), f = Math.exp(e.deltaY * 0.0015);
        var nt0 = t - (t - t0) * f, nt1 = t + (t1 - t) * f;
        if (nt1 - nt0 < 100) return;
        t0 = nt0; t1 = nt1; draw();
      }, { passive: false });
      canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, a: t0, b: t1, moved: false }; canvas.classList.add('dragging'); });
      window.addEventListener('mouseup', function () { if (drag) canvas.classList.remove('dragging'); setTimeout(function () { drag = null; }, 0); });
      canvas.addEventListener('mousemove', function (e) {
        var rect = canvas.getBoundingClientRect(), x = e.clientX - rect.left, y = e.clientY - rect.top;
        if (drag && (e.buttons & 1)) {
          var dt = (e.clientX - drag.x) / (W - LABEL - 6) * (drag.b - drag.a);
          if (Math.abs(e.clientX - drag.x) > 2) drag.moved = true;
          t0 = drag.a - dt; t1 = drag.b - dt; draw(); hideTip(); return;
        }
        var r = rowAt(y);
        if (!r || r.type === 'header' || x < LABEL) { hideTip(); return; }
        var i = hit(r, tOf(x), (t1 - t0) / (W - LABEL) * 2);
        if (i < 0) { hideTip(); return; }
        showTip(e, describe(r, i));
      });
      canvas.addEventListener('mouseleave', hideTip);
      canvas.addEventListener('click', function (e) {
        if (drag && drag.moved) return;
        var rect = canvas.getBoundingClientRect(), x = e.clientX - rect.left, y = e.clientY - rect.top;
        var r = rowAt(y);
        if (!r || x < LABEL) return;
        var i = hit(r, tOf(x), (t1 - t0) / (W - LABEL) * 2);
        if (i < 0) return;
        if (r.type === 'steps' || r.type === 'layers' || r.type === 'bubbles') zoomTo(r.items[i].start, r.items[i].end);
        else if (r.type === 'findings' && r.items[i].ids.length) gotoFinding(r.items[i].ids[0]);
        else if (r.type === 'lane') { var ids = keptFinding[r.rankPos + ':' + r.lane.e[i]]; if (ids) gotoFinding(ids[0]); }
      });
      $('tl-reset').addEventListener('click', function () { t0 = full0; t1 = full1; draw(); });
      $('tl-in').addEventListener('click', function () { var m = (t0 + t1) / 2, h = (t1 - t0) / 4; zoomTo(m - h, m + h); });
      $('tl-out').addEventListener('click', function () { var m = (t0 + t1) / 2, h = (t1 - t0); t0 = m - h; t1 = m + h; draw(); });
      window.addEventListener('resize', draw);
    }
    return { init: init, zoomTo: zoomTo, zoomToEvents: function (f) {
      var a = Infinity, b = -Infinity;
      f.events.forEach(function (pe) {
        var tr = D.timeline.ranks[pe[0]];
        tr.lanes.forEach(function (lane) { lane.kept.forEach(function (k) { if (lane.e[k] === pe[1]) { a = Math.min(a, lane.s[k]); b = Math.max(b, lane.s[k] + lane.d[k]); } }); });
      });
      if (isFinite(a)) { zoomTo(a, Math.max(b, a + 1000)); $('timeline').scrollIntoView({ behavior: 'smooth' }); }
    } };
  })();

  // ---------- bound scatter ----------
  var OPS = [];
  function collectOps() {
    var C = {};
    D.operator_columns.forEach(function (c, i) { C[c] = i; });
    D.operators.forEach(function (o) {
      o.rows.forEach(function (row) {
        var op = { rank: o.rank };
        D.operator_columns.forEach(function (c) { op[c] = row[C[c]]; });
        op.name = NAMES[op.name];
        OPS.push(op);
      });
    });
  }
  function renderBound() {
    var host = $('chart-bound');
    var pts = OPS.filter(function (o) { return o.mte2_ratio !== null && (o.mac_ratio !== null || o.vec_ratio !== null); });
    var skipped = OPS.length - pts.length;
    if (!pts.length) {
      empty(host, 'No operator carries pipeline ratios (aic_mac_ratio, aiv_vec_ratio, *_mte2_ratio), so no Cube/Vector bound can be plotted. ' +
        'Ascend captures have them at profiler Level1+ with ACL_AICORE_PIPE_UTILIZATION; Kineto (GPU) traces do not. ' + OPS.length + ' operators are listed below.');
      return;
    }
    var families = {};
    pts.forEach(function (p) { families[p.bound_family || ''] = true; });
    legend(host, Object.keys(families).sort().map(function (f) { return { label: f || 'no family', color: FAMILY_COLORS[f] || '#a0a7b4' }; }));
    var W = 760, H = 420, L = 56, B = 44, T = 12, R = 16, pw = W - L - R, ph = H - T - B;
    var maxDur = 0;
    pts.forEach(function (p) { maxDur = Math.max(maxDur, p.duration_sum_us); });
    var s = svg('svg', { width: '100%', viewBox: '0 0 ' + W + ' ' + H, id: 'bound-svg', style: 'max-width:900px' });
    for (var g = 0; g <= 5; g++) {
      var v = g / 5, x = L + pw * v, y = T + ph - ph * v;
      s.appendChild(svg('line', { x1: L, x2: L + pw, y1: y, y2: y, 'class': 'gridline' }));
      s.appendChild(svg('line', { x1: x, x2: x, y1: T, y2: T + ph, 'class': 'gridline' }));
      s.appendChild(svg('text', { x: L - 6, y: y + 3, 'text-anchor': 'end', 'class': 'tick' }, v.toFixed(1)));
      s.appendChild(svg('text', { x: x, y: T + ph + 14, 'text-anchor': 'middle', 'class': 'tick' }, v.toFixed(1)));
    }
    s.appendChild(svg('line', { x1: L, y1: T + ph, x2: L + pw, y2: T, stroke: '#c62f2f', 'stroke-dasharray': '5 4', 'stroke-width': 1.2 }));
    s.appendChild(svg('text', { x: L + pw - 4, y: T + 14, 'text-anchor': 'end', 'class': 'tick', fill: '#c62f2f' }, 'memory_bound = 1: above = memory bound'));
    s.appendChild(svg('text', { x: L + pw / 2, y: H - 6, 'text-anchor': 'middle', 'class': 'tick' }, 'compute pipe ratio: max(aic_mac_ratio, aiv_vec_ratio), duration-weighted'));
    s.appendChild(svg('text', { x: 14, y: T + ph / 2, 'text-anchor': 'middle', 'class': 'tick', transform: 'rotate(-90 14 ' + (T + ph / 2) + ')' }, 'mte2_ratio (GM → L1/UB)'));
    pts.slice().sort(function (a, b) { return b.duration_sum_us - a.duration_sum_us; }).forEach(function (p) {
      var cx = Math.max(p.mac_ratio || 0, p.vec_ratio || 0), cy = p.mte2_ratio;
      var r = 3 + 13 * Math.sqrt(maxDur > 0 ? p.duration_sum_us / maxDur : 0);
      var c = svg('circle', { cx: L + pw * Math.min(1, cx), cy: T + ph - ph * Math.min(1, cy), r: r.toFixed(2), fill: FAMILY_COLORS[p.bound_family || ''] || '#a0a7b4', 'fill-opacity': 0.7, stroke: '#fff', 'stroke-width': 0.8, 'class': 'pt' });
      var lines = [p.name, 'rank ' + p.rank + ' · ' + p.op_type + ' · bound ' + (p.bound_family || '—') + (p.bound_stage ? ' (' + p.bound_stage + ')' : ''),
        'memory_bound ' + num(p.memory_bound) + ' (' + (p.memory_verdict || 'undefined') + ')',
        'mac ' + num(p.mac_ratio) + ', vec ' + num(p.vec_ratio) + ', mte2 ' + num(p.mte2_ratio),
        p.calls + ' calls, ' + num(p.duration_sum_us / 1000) + ' ms total'];
      c.addEventListener('mousemove', function (e) { showTip(e, lines); });
      c.addEventListener('mouseleave', hideTip);
      c.addEventListener('click', function () { $('op-filter').value = p.name; renderOpTable(); $('operators').scrollIntoView({ behavior: 'smooth' }); });
      s.appendChild(c);
    });
    s.appendChild(svg('line', { x1: L, x2: L + pw, y1: T + ph, y2: T + ph, 'class': 'axis' }));
    s.appendChild(svg('line', { x1: L, x2: L, y1: T, y2: T + ph, 'class': 'axis' }));
    host.appendChild(s);
    if (skipped) empty(host, skipped + ' operator(s) without PMU ratios (AICPU, communication, or not measured) are not plotted.');
  }

  // ---------- operator table ----------
  var OP_COLS = [
    { k: 'rank', h: 'rank', num: true }, { k: 'name', h: 'name', name: true }, { k: 'type', h: 'type' }, { k: 'role', h: 'role' },
    { k: 'calls', h: 'calls', num: true }, { k: 'duration_sum_us', h: 'total ms', num: true, f: function (v) { return (v / 1000).toFixed(3); } },
    { k: 'duration_avg_us', h: 'avg µs', num: true, f: function (v) { return num(v, 2); } },
    { k: 'wait_ratio', h: 'wait', num: true, f: pct }, { k: 'total_cost_avg_us', h: 'cost avg µs', num: true, f: function (v) { return num(v, 2); } },
    { k: 'op_type', h: 'op type' }, { k: 'bound_family', h: 'bound' }, { k: 'bound_stage', h: 'stage' },
    { k: 'memory_bound', h: 'mem bound', num: true, f: function (v) { return num(v, 2); } },
    { k: 'flags', h: 'flags' }
  ];
  var opSort = { k: 'duration_sum_us', dir: -1 }, opLimit = 200;
  function renderOpTable() {
    var host = $('op-table-host');
    host.textContent = '';
    var q = $('op-filter').value.trim().toLowerCase(), rk = $('op-rank').value;
    var rows = OPS.filter(function (o) {
      if (rk !== 'all' && String(o.rank) !== rk) return false;
      if (!q) return true;
      return [o.name, o.type, o.core, o.role, o.op_type, o.bound_family, o.bound_stage].join(' ').toLowerCase().indexOf(q) >= 0;
    });
    rows.forEach(function (o) { o.flags = (o.wait_anchor ? 'wait-anchor ' : '') + (o.false_hotspot_risk ? 'false-hotspot' : ''); });
    rows.sort(function (a, b) {
      var x = a[opSort.k], y = b[opSort.k];
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (x < y) return -opSort.dir;
      if (x > y) return opSort.dir;
      return a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    var t = el('table', { 'class': 'grid', id: 'op-table' });
    var hr = el('tr');
    OP_COLS.forEach(function (c) {
      var th = el('th', { 'class': 'sortable' + (c.num ? ' num' : '') + (opSort.k === c.k ? (opSort.dir > 0 ? ' asc' : ' desc') : ''), 'data-key': c.k }, c.h);
      th.addEventListener('click', function () {
        if (opSort.k === c.k) opSort.dir = -opSort.dir; else { opSort.k = c.k; opSort.dir = c.num ? -1 : 1; }
        renderOpTable();
      });
      hr.appendChild(th);
    });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    rows.slice(0, opLimit).forEach(function (o) {
      var tr = el('tr');
      OP_COLS.forEach(function (c) {
        var v = o[c.k];
        tr.appendChild(el('td', { 'class': c.num ? 'num' : c.name ? 'name' : '' }, c.f ? (v === null || v === undefined ? '—' : c.f(v)) : (v === null || v === undefined || v === '' ? '—' : v)));
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    host.appendChild(sc);
    var info = el('div', { 'class': 'hint', id: 'op-count' }, 'Showing ' + Math.min(opLimit, rows.length) + ' of ' + rows.length + ' operators' + (q || rk !== 'all' ? ' matching the filter' : '') + '.');
    if (rows.length > opLimit) {
      var more = el('button', null, 'show 200 more');
      more.addEventListener('click', function () { opLimit += 200; renderOpTable(); });
      info.appendChild(document.createTextNode(' '));
      info.appendChild(more);
    }
    host.appendChild(info);
  }
  function renderOperators() {
    var sel = $('op-rank');
    sel.appendChild(el('option', { value: 'all' }, 'all ranks'));
    D.operators.forEach(function (o) { sel.appendChild(el('option', { value: String(o.rank) }, 'rank ' + o.rank + ' (' + o.operator_count + ' operators)')); });
    $('op-filter').addEventListener('input', function () { opLimit = 200; renderOpTable(); });
    sel.addEventListener('change', function () { opLimit = 200; renderOpTable(); });
    renderOpTable();
  }

  // ---------- communication ----------
  function simpleTable(id, heads, rows) {
    var t = el('table', { 'class': 'grid', id: id }), hr = el('tr');
    heads.forEach(function (h) { hr.appendChild(el('th', { 'class': h.num ? 'num' : '' }, h.h)); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (v, i) { tr.appendChild(el('td', { 'class': heads[i].num ? 'num' : '' }, v === null || v === undefined || v === '' ? '—' : v)); });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    return sc;
  }
  function renderComm() {
    var host = $('comm-body');
    var any = D.comm_overlap.some(function (o) { return o.communication_events > 0; });
    host.appendChild(el('h3', null, 'Overlap with compute, per rank'));
    if (!any) empty(host, 'No device communication events in this capture.');
    else host.appendChild(simpleTable('comm-overlap-table',
      [{ h: 'rank' }, { h: 'communication ms', num: true }, { h: 'overlapped ms', num: true }, { h: 'exposed ms', num: true }, { h: 'overlap ratio', num: true }, { h: 'events', num: true }],
      D.comm_overlap.map(function (o) { return [o.rank, num(o.communication_us / 1000), num(o.overlapped_us / 1000), num(o.exposed_communication_us / 1000), pct(o.overlap_ratio), num(o.communication_events)]; })));
    var kinds = [], links = [];
    D.hccl.forEach(function (h) {
      h.op_kinds.forEach(function (k) { kinds.push([h.rank, k.kind, num(k.calls), num(k.elapse_ms), num(k.elapse_p50_ms), num(k.elapse_p90_ms), num(k.elapse_max_ms), pct(k.wait_share)]); });
      h.transports.forEach(function (t) { links.push([h.rank, t.transport, num(t.ops), num(t.transit_size_mb), num(t.bandwidth_gbps, 2), t.expected_gbps === null ? '—' : num(t.expected_gbps, 1) + (t.expected_link ? ' (' + t.expected_link + ')' : ''), pct(t.utilization)]); });
    });
    if (kinds.length) {
      host.appendChild(el('h3', null, 'HCCL op kinds (communication.json)'));
      host.appendChild(simpleTable('hccl-kinds-table', [{ h: 'rank' }, { h: 'kind' }, { h: 'calls', num: true }, { h: 'elapse ms', num: true }, { h: 'p50 ms', num: true }, { h: 'p90 ms', num: true }, { h: 'max ms', num: true }, { h: 'wait share', num: true }], kinds));
    }
    if (links.length) {
      host.appendChild(el('h3', null, 'Bandwidth by transport'));
      host.appendChild(simpleTable('hccl-transport-table', [{ h: 'rank' }, { h: 'transport' }, { h: 'ops', num: true }, { h: 'MB moved', num: true }, { h: 'GB/s', num: true }, { h: 'expected GB/s' }, { h: 'utilization', num: true }], links));
    }
    var ep = D.ep_load || {}, dummy = D.dummy_ranks || {};
    if (ep.ranks && ep.ranks.length) {
      host.appendChild(el('h3', null, 'MoE dispatch / combine load per rank' + (ep.flagged ? ' (imbalance flagged)' : '')));
      host.appendChild(simpleTable('ep-load-table', [{ h: 'rank' }, { h: 'dispatch + combine ms', num: true }, { h: 'events', num: true }],
        ep.ranks.map(function (r) { return [r.rank, num(r.moe_dispatch_combine_us / 1000), num(r.events)]; })));
    }
    if (dummy.flagged) empty(host, 'Ranks without attention kernels (reduced or dummy work): ' + dummy.without_attention.join(', ') + '.');
  }

  // ---------- findings ----------
  function evidenceBlock(id) {
    var ev = D.evidence[id], box = el('div', { 'class': 'ev', id: 'ev-' + id });
    var head = el('div');
    head.appendChild(el('span', { 'class': 'chip' }, id));
    if (!ev) { head.appendChild(document.createTextNode(' not in the evidence index')); box.appendChild(head); return box; }
    head.appendChild(el('span', { 'class': 'pill ghost' }, ev.kind));
    head.appendChild(document.createTextNode(' ' + (ev.rank >= 0 ? 'rank ' + ev.rank + ' · ' : '') + ev.summary));
    box.appendChild(head);
    box.appendChild(el('div', { 'class': 'src' }, ev.source + ' [' + ev.format + '] ' +
      (ev.rows[0] === ev.rows[1] ? 'row ' + ev.rows[0] : 'rows ' + ev.rows[0] + '–' + ev.rows[1]) +
      (ev.rows_listed > 1 ? ' (' + ev.rows_listed + ' rows listed)' : '') + ' · 0-based data rows'));
    if (ev.raw.length) {
      var cols = [], seen = {};
      ev.raw.forEach(function (r) { r.fields.forEach(function (f) { if (!seen[f[0]]) { seen[f[0]] = true; cols.push(f[0]); } }); });
      var t = el('table', { 'class': 'grid raw-rows' }), hr = el('tr');
      hr.appendChild(el('th', { 'class': 'num' }, 'source_row'));
      cols.forEach(function (c) { hr.appendChild(el('th', null, c)); });
      t.appendChild(el('thead')).appendChild(hr);
      var tb = el('tbody');
      ev.raw.forEach(function (r) {
        var tr = el('tr'), by = {};
        r.fields.forEach(function (f) { by[f[0]] = f[1]; });
        tr.appendChild(el('td', { 'class': 'num' }, r.source_row));
        cols.forEach(function (c) { var v = by[c]; tr.appendChild(el('td', { 'class': c === 'name' ? 'name' : '' }, v === undefined || v === null ? '' : (typeof v === 'number' && !Number.isInteger(v) ? num(v, 4) : String(v)))); });
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      var wrap = el('div', { 'class': 'rows' });
      wrap.appendChild(t);
      box.appendChild(wrap);
      if (ev.matched > ev.raw.length) box.appendChild(el('div', { 'class': 'hint' }, ev.raw.length + ' of ' + ev.matched + ' rows shown; all are in evidence_index.csv and raw_kernel_index.csv.'));
    } else {
      box.appendChild(el('div', { 'class': 'hint' }, 'Row range only (not embedded): open the file above at these rows.'));
    }
    return box;
  }
  function renderFindings() {
    var host = $('finding-list');
    var list = sortedFindings();
    if (!list.length) { empty(host, 'No findings.'); return; }
    var bar = el('div', { 'class': 'toolbar' });
    var sel = el('select', { id: 'finding-sev' });
    ['all', 'high', 'medium', 'low', 'info'].forEach(function (s) { sel.appendChild(el('option', { value: s }, s === 'all' ? 'all severities' : s)); });
    bar.appendChild(sel);
    host.appendChild(bar);
    var cards = el('div', { 'class': 'cards' });
    host.appendChild(cards);
    list.forEach(function (f) {
      var c = el('div', { 'class': 'card ' + f.severity, id: 'card-' + f.id, 'data-severity': f.severity });
      var head = el('div', { 'class': 'head' });
      head.appendChild(el('span', { 'class': 'pill ' + f.severity }, f.severity));
      head.appendChild(el('span', { 'class': 'pill ghost' }, f.type));
      head.appendChild(el('span', { 'class': 'pill ghost' }, 'confidence ' + f.confidence));
      head.appendChild(el('span', { 'class': 'meta' }, f.scope + (f.ranks.length ? ' · ranks ' + f.ranks.join(', ') : '') + ' · ' + f.id));
      c.appendChild(head);
      c.appendChild(el('div', { 'class': 'title' }, f.title));
      var m = el('div');
      f.metrics.forEach(function (x) { m.appendChild(el('span', { 'class': 'chip' }, x[0] + ' = ' + num(x[1]) + (x[2] ? ' ' + x[2] : ''))); });
      c.appendChild(m);
      if (f.limitation) c.appendChild(el('div', { 'class': 'lim' }, 'Limitation: ' + f.limitation));
      if (f.events.length) {
        var b = el('button', null, 'show on timeline (' + f.events.length + ' events)');
        b.addEventListener('click', function () { TL.zoomToEvents(f); });
        c.appendChild(b);
      }
      var det = el('details');
      det.appendChild(el('summary', null, 'raw rows behind it: ' + f.evidence.length + ' evidence id(s)'));
      var filled = false;
      det.addEventListener('toggle', function () {
        if (!det.open || filled) return;
        filled = true;
        f.evidence.forEach(function (id) { det.appendChild(evidenceBlock(id)); });
      });
      c.appendChild(det);
      cards.appendChild(c);
    });
    sel.addEventListener('change', function () {
      Array.prototype.forEach.call(cards.children, function (c) { c.style.display = sel.value === 'all' || c.getAttribute('data-severity') === sel.value ? '' : 'none'; });
    });
  }

  // ---------- notes, caps, files ----------
  function renderNotes() {
    var host = $('notes-body');
    var C = D.caps;
    host.appendChild(el('h3', null, 'What this page embeds (caps)'));
    var ul = el('ul', { id: 'caps-list' });
    [
      'Timeline: at most ' + C.timeline_boxes.toLocaleString('en-US') + ' boxes over all ranks (' + D.timeline.boxes.toLocaleString('en-US') + ' used for ' + D.timeline.events.toLocaleString('en-US') + ' device events); per stream, events narrower than the bucket width shown next to each rank are merged into one box named after its longest event.',
      'Evidence events are never merged: at most ' + C.kept_events.toLocaleString('en-US') + ' in all and ' + C.kept_events_per_finding + ' per finding (' + C.kept_events_used + ' used).',
      'Raw rows: at most ' + C.raw_rows_per_evidence + ' per evidence id; row ranges over ' + C.evidence_range_rows + ' rows are shown as ranges.',
      'Operators: the ' + C.operators_per_rank + ' longest per rank (by summed duration); analysis.json and raw_kernel_index.csv hold every one.',
      'Steps: at most ' + C.steps_per_rank + ' per rank' + (C.steps_cut ? ' (cut on this capture)' : '') + '; layers at most ' + C.layers_per_rank + ' and bubbles at most ' + C.bubbles_per_rank + ' per rank.',
      'Trace names longer than ' + C.name_bytes + ' bytes are cut (…). The page loads nothing from the network.'
    ].forEach(function (t) { ul.appendChild(el('li', null, t)); });
    host.appendChild(ul);
    host.appendChild(el('h3', null, 'Definitions'));
    host.appendChild(el('p', { 'class': 'hint' }, D.definitions));
    var notes = D.notes.slice();
    D.ranks.forEach(function (r) { r.notes.forEach(function (n) { notes.push('rank ' + r.rank + ': ' + n); }); });
    D.capture.ranks.forEach(function (r) { r.notes.forEach(function (n) { notes.push('rank ' + r.rank + ' input: ' + n); }); });
    host.appendChild(el('h3', null, 'Limitations and notes'));
    if (!notes.length) empty(host, 'None recorded.');
    var nl = el('ul', { id: 'notes-list' });
    notes.forEach(function (n) { nl.appendChild(el('li', null, n)); });
    host.appendChild(nl);
    host.appendChild(el('h3', null, 'Files read'));
    var t = el('table', { 'class': 'grid', id: 'files-table' }), hr = el('tr');
    ['rank', 'file', 'format', 'rows read', 'kept', 'rejected', 'status'].forEach(function (h, i) { hr.appendChild(el('th', { 'class': i >= 3 && i <= 5 ? 'num' : '' }, h)); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    function fileRow(rank, f) {
      var tr = el('tr');
      tr.appendChild(el('td', null, rank));
      tr.appendChild(el('td', { 'class': 'name' }, f.path));
      tr.appendChild(el('td', null, f.format));
      tr.appendChild(el('td', { 'class': 'num' }, num(f.rows_read)));
      tr.appendChild(el('td', { 'class': 'num' }, f.kept === undefined ? '—' : num(f.kept)));
      tr.appendChild(el('td', { 'class': 'num' }, f.rejected === undefined ? '—' : num(f.rejected)));
      tr.appendChild(el('td', null, f.error ? f.error : f.read ? 'read' : 'not read'));
      tb.appendChild(tr);
    }
    D.capture.ranks.forEach(function (r) { r.files.forEach(function (f) { fileRow(r.rank, f); }); });
    D.capture.cluster_files.forEach(function (f) { fileRow('cluster', f); });
    t.appendChild(tb);
    var sc = el('div', { 'class': 'scroll' });
    sc.appendChild(t);
    host.appendChild(sc);
  }

  try {
    renderHeader();
    renderSummary();
    renderSteps();
    renderShares();
    TL.init();
    collectOps();
    renderBound();
    renderOperators();
    renderComm();
    renderFindings();
    renderNotes();
    if (root.getAttribute('data-rendered') !== 'error') root.setAttribute('data-rendered', 'ok');
    root.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
    throw e;
  }
})();
