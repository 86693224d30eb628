// report.html script (llmsa), part 2: the canvas timeline.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
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
        ra.steps.forEach(function (s) {  // appended in place: concat per step copied the whole list each time
          for (var k = 0; k < s.layers.length; k++) layers.push(s.layers[k]);
          for (var q = 0; q < s.bubbles.length; q++) bubbles.push(s.bubbles[q]);
        });
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
    return { init: init, zoomTo: zoomTo, redraw: function () { if (canvas) draw(); }, zoomToEvents: function (f) {
      var a = Infinity, b = -Infinity;
      f.events.forEach(function (pe) {
        var tr = D.timeline.ranks[pe[0]];
        tr.lanes.forEach(function (lane) { lane.kept.forEach(function (k) { if (lane.e[k] === pe[1]) { a = Math.min(a, lane.s[k]); b = Math.max(b, lane.s[k] + lane.d[k]); } }); });
      });
      if (isFinite(a)) { zoomTo(a, Math.max(b, a + 1000)); $('timeline').scrollIntoView({ behavior: 'smooth' }); }
    } };
  })();

