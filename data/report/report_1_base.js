// report.html script (llmsa), part 1: data, helpers, summary, step time, category shares.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
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
  // Layers, blocks, bubbles and step operators travel as arrays (html_report_data.cpp: a 1M-event
  // capture has ~10^5 layers); the page works on objects.
  D.ranks.forEach(function (r) {
    r.steps.forEach(function (s) {
      s.layers = s.layers.map(function (l) {  // [index, anchor, start, end (from the step start), busy, events, blocks]
        var at = s.start + l[2];
        return { index: l[0], anchor: NAMES[l[1]], start: at, end: s.start + l[3], busy_ns: l[4], events: l[5],
          blocks: l[6].map(function (b) {  // [kind, family, start, end (from the layer start), busy, events]
            return { kind: NAMES[b[0]], family: NAMES[b[1]], start: at + b[2], end: at + b[3], busy_ns: b[4], events: b[5] };
          }) };
      });
      s.bubbles = s.bubbles.map(function (b) {
        return { start: b[0], end: b[1], location: b[2], host_bound: b[3], cause: b[4],
          before: b[5] === null ? null : NAMES[b[5]], after: b[6] === null ? null : NAMES[b[6]], before_row: b[7], after_row: b[8] };
      });
      s.block_kinds = s.block_kinds.map(function (k) { return { kind: NAMES[k[0]], family: NAMES[k[1]], count: k[2] }; });
      s.top_ops = s.top_ops.map(function (o) { return { name: NAMES[o[0]], calls: o[1], dur_ns: o[2], role: D.timeline.roles[o[3]], event: o[4] }; });
    });
  });
  // Raw rows name their fields by name-table index (html_report_data.cpp).
  Object.keys(D.evidence).forEach(function (id) {
    D.evidence[id].raw.forEach(function (r) { r.fields.forEach(function (f) { if (typeof f[0] === 'number') f[0] = NAMES[f[0]]; }); });
  });
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
    reveal('findings');
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
    tile('slow rank ids (msprof vote)', flagged.length ? flagged.map(function (v) { return v.rank; }).join(', ') : 'none');
    host.appendChild(tiles);

    host.appendChild(el('h3', null, 'What matters most'));
    // Ranked by the analysis (analysis/key_findings.hpp), the same list as report.md's.
    var fx = findingIndexById(), keys = D.key_findings || [];
    if (!keys.length) empty(host, 'Nothing to rank: no finding fired and no device time was measured.');
    var ul = el('ul', { 'class': 'top3', id: 'top-findings' });
    keys.forEach(function (k) {
      var li = el('li', { 'data-kind': k.kind, 'data-id': k.kind === 'finding' ? k.id : k.fact });
      var body = el('div');
      if (k.kind === 'finding' && fx[k.id]) {
        var f = fx[k.id];
        li.appendChild(el('span', { 'class': 'pill ' + f.severity }, f.severity));
        body.appendChild(el('div', { 'class': 'title' }, f.title));
        var meta = el('div', { 'class': 'meta' });
        f.metrics.slice(0, 4).forEach(function (m) { meta.appendChild(el('span', { 'class': 'chip' }, m[0] + ' = ' + num(m[1]) + ' ' + m[2])); });
        var a = el('a', { 'class': 'evid', href: '#card-' + f.id }, 'evidence: ' + f.evidence.length + ' id(s) →');
        a.addEventListener('click', function (e) { e.preventDefault(); gotoFinding(f.id); });
        meta.appendChild(a);
        body.appendChild(meta);
      } else {
        li.appendChild(el('span', { 'class': 'pill ghost' }, 'measured'));
        body.appendChild(el('div', { 'class': 'title' }, k.text || k.fact));
      }
      body.appendChild(el('div', { 'class': 'why' }, 'Why here: ' + k.reason + '.'));
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
        // The whole slot is a keyboard- and click-target that opens the inspector (thin bars are hard to hit).
        var hitbox = svg('rect', { x: L + i * slot, y: T, width: slot, height: plotH, 'class': 'step-hit', tabindex: 0, role: 'button',
          'data-rank': r.rank, 'data-step': st.step, 'aria-label': 'inspect rank ' + r.rank + ' step ' + st.step });
        hitbox.addEventListener('click', function () { inspectStep(r, i); });
        hitbox.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); inspectStep(r, i); } });
        hitbox.addEventListener('mousemove', function (e) { showTip(e, tipLines); });
        hitbox.addEventListener('mouseleave', hideTip);
        s.appendChild(hitbox);
        var tipLines = ['rank ' + r.rank + ' · step ' + st.step + (st.type && st.type !== 'unknown' ? ' (' + st.type + ')' : ''),
          'wall ' + ms(st.time.wall_ns) + ' ms, busy ' + ms(st.time.busy_ns) + ' ms'];
        STACK.forEach(function (k) { tipLines.push(k.label + ': ' + ms(st.time[k.key]) + ' ms'); });
        tipLines.push('overlapped comm/compute: ' + ms(st.time.overlapped_ns) + ' ms');
        tipLines.push('anatomy head / main / tail: ' + ms(st.time.head_ns) + ' / ' + ms(st.time.main_ns) + ' / ' + ms(st.time.tail_ns) + ' ms');
        tipLines.push('bubbles ' + st.time.bubble_count + ', longest ' + ms(st.time.longest_bubble_ns) + ' ms');
        if (st.layers.length) tipLines.push('layers ' + st.layers.length);
        if (st.type_reason) tipLines.push('step type: ' + st.type_reason);
        tipLines.push('click: inspect this step');
        STACK.forEach(function (k) {
          var v = st.time[k.key];
          if (!(v > 0) || !(maxWall > 0)) return;
          var h = plotH * v / maxWall;
          var rect = svg('rect', { x: x, y: T + plotH - (acc + h), width: bw, height: Math.max(h, 0.5), fill: k.raw, 'class': 'bar' });
          acc += h;
          rect.addEventListener('mousemove', function (e) { showTip(e, tipLines); });
          rect.addEventListener('mouseleave', hideTip);
          rect.addEventListener('click', function () { inspectStep(r, i); });
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
  }

  // Step structure: type, layers, blocks and bubbles, when the analysis found them.
  function renderStructure() {
    var host = $('layers-body');
    var rows = [];
    D.ranks.forEach(function (r) { r.steps.forEach(function (s) { if (s.time.wall_ns > 0) rows.push({ r: r, s: s }); }); });
    var structured = rows.some(function (x) { return x.s.layer_count || x.s.bubble_windows || (x.s.type && x.s.type !== 'unknown'); });
    if (!structured) { empty(host, 'No step structure (layers, bubbles, step type) was derived for this capture.'); return; }
    var t = el('table', { 'class': 'grid', id: 'structure-table' }), hr = el('tr');
    ['rank', 'step', 'type', 'why', 'layers', 'blocks', 'bubbles', 'host-bound bubbles', 'longest bubble ms', 'underfeed', 'head / main / tail ms'].forEach(function (h, i) {
      hr.appendChild(el('th', { 'class': i >= 4 && i !== 5 ? 'num' : '' }, h));
    });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    rows.slice(0, 500).forEach(function (x) {
      // Counts of the whole step (the page embeds only the first layers and the longest bubbles).
      var s = x.s, tr = el('tr'), kinds = {};
      s.block_kinds.forEach(function (b) { var k = b.kind + (b.family ? ':' + b.family : ''); kinds[k] = (kinds[k] || 0) + b.count; });
      [x.r.rank, s.step, s.type, s.type_reason || '—', s.layer_count,
        Object.keys(kinds).sort().map(function (k) { return k + ' ×' + kinds[k]; }).join(', ') || '—',
        s.bubble_windows, s.host_bound_bubbles, ms(s.time.longest_bubble_ns), pct(s.underfeed_ratio),
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

