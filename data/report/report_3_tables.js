// report.html script (llmsa), part 3: bound scatter, operators, communication, findings, notes.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
  // ---------- bound scatter ----------
  var OPS = [];
  function collectOps() {
    var C = {};
    D.operator_columns.forEach(function (c, i) { C[c] = i; });
    D.operators.forEach(function (o) {
      var base = OPS.length;
      o.rows.forEach(function (row) {
        var op = { rank: o.rank, card: o.cards ? o.cards[OPS.length - base] : null };
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
        if (c.name) {  // the name opens the operator's card
          var td = el('td', { 'class': 'name' }), a = el('a', { 'class': 'op-link', href: '#operators', title: 'open the card: one typical call with its raw row' }, v);
          a.addEventListener('click', function (e) { e.preventDefault(); showOpCard(o); });
          td.appendChild(a);
          tr.appendChild(td);
          return;
        }
        tr.appendChild(el('td', { 'class': c.num ? 'num' : '' }, c.f ? (v === null || v === undefined ? '—' : c.f(v)) : (v === null || v === undefined || v === '' ? '—' : v)));
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
  // A plain table: heads are {h, num, name} (num: right-aligned; name: a trace name, wrapped), rows
  // arrays of values written as text; `scroll` is the wrapper's class ('scroll' unless given).
  function simpleTable(id, heads, rows, scroll) {
    var t = el('table', { 'class': 'grid', id: id }), hr = el('tr');
    heads.forEach(function (h) { hr.appendChild(el('th', { 'class': h.num ? 'num' : '' }, h.h)); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (v, i) {
        tr.appendChild(el('td', { 'class': heads[i].num ? 'num' : heads[i].name ? 'name' : '' }, v === null || v === undefined || v === '' ? '—' : v));
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    var sc = el('div', { 'class': scroll || 'scroll' });
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
        b.setAttribute('data-level', '3');
        b.addEventListener('click', function () { reveal('timeline'); TL.zoomToEvents(f); });
        c.appendChild(b);
      }
      var det = el('details', { 'class': 'raw', 'data-level': '3' });  // raw rows: focus L3
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
      'Steps: at most ' + C.steps_per_rank + ' per rank' + (C.steps_cut ? ' (cut on this capture)' : '') + '; the first ' + C.layers_per_rank + ' layers and the ' + C.bubbles_per_rank + ' longest bubbles of each rank (every step still shows its own layer, block and bubble counts; analysis.json holds every layer).',
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

