// report.html script (llmsa), part 4: the single-step inspector.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
  // ---------- step inspector ----------
  // Everything it shows is embedded per step (time algebra, bubbles with the kernels around them, the
  // heaviest operators, layers and blocks), so opening a step never walks the events.
  var inspected = null;
  function inspectorTable(id, heads, rows) { return simpleTable(id, heads, rows, 'scroll short'); }
  function splitBar(id, parts, total) {
    var bar = el('div', { 'class': 'splitBar', id: id });
    parts.forEach(function (p) {
      if (!(p.v > 0) || !(total > 0)) return;
      var span = el('span', null, 100 * p.v / total >= 9 ? p.label : '');
      span.style.width = (100 * p.v / total) + '%';
      span.style.background = p.color;
      span.title = p.label + ': ' + ms(p.v) + ' ms (' + pct(p.v / total) + ')';
      bar.appendChild(span);
    });
    return bar;
  }
  function markSelectedStep(rank, step) {
    Array.prototype.forEach.call(document.querySelectorAll('.step-hit.selected'), function (e) { e.classList.remove('selected'); });
    Array.prototype.forEach.call(document.querySelectorAll('.step-hit'), function (e) {
      if (e.getAttribute('data-rank') === String(rank) && e.getAttribute('data-step') === String(step)) e.classList.add('selected');
    });
  }
  function inspectStep(r, i) {
    var st = r.steps[i];
    if (!st) return;
    reveal('inspector');
    inspected = { r: r, i: i };
    markSelectedStep(r.rank, st.step);
    var host = $('inspector-body');
    host.textContent = '';
    var t = st.time, wall = t.wall_ns;
    var head = el('div', { 'class': 'insp-head' });
    head.appendChild(el('h3', { id: 'insp-title', 'data-rank': r.rank, 'data-step': st.step },
      'rank ' + r.rank + ' · step ' + st.step + (st.type && st.type !== 'unknown' ? ' · ' + st.type : '')));
    var prev = el('button', { type: 'button', id: 'insp-prev' }, '← previous step');
    prev.disabled = i === 0;
    prev.addEventListener('click', function () { inspectStep(r, i - 1); });
    var next = el('button', { type: 'button', id: 'insp-next' }, 'next step →');
    next.disabled = i + 1 >= r.steps.length;
    next.addEventListener('click', function () { inspectStep(r, i + 1); });
    var zoom = el('button', { type: 'button', id: 'insp-zoom', 'class': 'primary' }, 'zoom the timeline to this step');
    zoom.addEventListener('click', function () {
      reveal('timeline');
      TL.zoomTo(st.start, st.end);
      $('timeline').scrollIntoView({ behavior: 'smooth' });
    });
    [prev, next, zoom].forEach(function (b) { head.appendChild(b); });
    host.appendChild(head);
    if (st.type_reason) host.appendChild(el('p', { 'class': 'hint' }, 'Step type: ' + st.type_reason));

    // Anatomy and time algebra.
    var tiles = el('div', { 'class': 'tiles compact', id: 'insp-tiles' });
    function tile(key, label, value) {
      var d = el('div', { 'class': 'tile', 'data-key': key });
      d.appendChild(el('div', { 'class': 'v', id: 'insp-' + key }, value));
      d.appendChild(el('div', { 'class': 'k' }, label));
      tiles.appendChild(d);
    }
    tile('wall', 'wall ms', ms(wall));
    tile('busy', 'busy ms', ms(t.busy_ns));
    tile('compute', 'compute ms', ms(t.compute_ns));
    tile('exposed_comm', 'exposed comm ms', ms(t.exposed_communication_ns));
    tile('exposed_memcpy', 'exposed memcpy ms', ms(t.exposed_memcpy_ns));
    tile('idle', 'idle ms', ms(t.idle_ns));
    tile('overlapped', 'overlapped comm ms', ms(t.overlapped_ns));
    tile('head', 'head ms', ms(t.head_ns));
    tile('main', 'main ms', ms(t.main_ns));
    tile('tail', 'tail ms', ms(t.tail_ns));
    tile('bubbles', 'bubbles', num(t.bubble_count));
    tile('longest_bubble', 'longest bubble ms', ms(t.longest_bubble_ns));
    host.appendChild(tiles);
    host.appendChild(el('div', { 'class': 'k-label' }, 'anatomy: head (before the first kernel) · main · tail (after the last)'));
    host.appendChild(splitBar('insp-anatomy', [
      { label: 'head', v: t.head_ns, color: '#f3a797' }, { label: 'main', v: t.main_ns, color: '#3b6fb6' }, { label: 'tail', v: t.tail_ns, color: '#f0a030' }], wall));
    host.appendChild(el('div', { 'class': 'k-label' }, 'time split: ' + STACK.map(function (s) { return s.label; }).join(' · ')));
    host.appendChild(splitBar('insp-split', STACK.map(function (s) { return { label: s.label.split(' (')[0], v: t[s.key], color: s.raw }; }), wall));

    // Where the step's time goes, by role.
    if (st.roles.length) {
      host.appendChild(el('h4', null, 'Where its time goes (share of the step wall)'));
      var roles = el('div', { 'class': 'roleBars', id: 'insp-roles' });
      st.roles.slice(0, 10).forEach(function (x) {
        var row = el('div', { 'class': 'roleBar' });
        row.appendChild(el('span', { 'class': 'rl' }, x[0]));
        var track = el('span', { 'class': 'track' }), fill = el('span', { 'class': 'fill' });
        fill.style.width = Math.min(100, 100 * x[2]) + '%';
        fill.style.background = roleColor(roleOf(x[0]));
        track.appendChild(fill);
        row.appendChild(track);
        row.appendChild(el('span', { 'class': 'rv' }, pct(x[2]) + ' · ' + ms(x[1]) + ' ms'));
        roles.appendChild(row);
      });
      host.appendChild(roles);
    }

    // Bubbles, with the kernels that close and open each gap.
    // The page embeds each rank's longest bubbles (html_report_data.hpp caps); the counts are the step's own.
    host.appendChild(el('h4', null, 'Bubbles: ' + st.bubbles.length + (st.bubble_windows > st.bubbles.length ? ' of the step\'s ' + st.bubble_windows +
      ' (the page embeds the ' + D.caps.bubbles_per_rank + ' longest of each rank)' : '') + (t.bubble_count > st.bubble_windows ? '; ' + t.bubble_count +
      ' idle gaps in all, the others shorter than the minimum bubble length' : '')));
    if (!st.bubbles.length) empty(host, st.bubble_windows ? 'None embedded: shorter than the ' + D.caps.bubbles_per_rank + ' longest bubbles of this rank.' :
      t.bubble_count ? 'None embedded: the gaps are shorter than the minimum bubble length.' : 'No idle gap inside this step.');
    else host.appendChild(inspectorTable('insp-bubbles',
      [{ h: 'at ms (from step start)', num: true }, { h: 'length µs', num: true }, { h: 'where' }, { h: 'host bound' }, { h: 'before: kernel (row)', name: true }, { h: 'after: kernel (row)', name: true }, { h: 'cause' }],
      st.bubbles.slice(0, 300).map(function (b) {
        return [ms(b.start - st.start), num((b.end - b.start) / 1e3, 3), b.location, b.host_bound ? 'yes' : 'no',
          b.before === null ? null : b.before + (b.before_row >= 0 ? ' (row ' + b.before_row + ')' : ''),
          b.after === null ? null : b.after + (b.after_row >= 0 ? ' (row ' + b.after_row + ')' : ''), b.cause];
      })));

    // The heaviest operators of the step.
    host.appendChild(el('h4', null, 'Heaviest operators in this step'));
    if (!st.top_ops.length) empty(host, 'No device operator starts inside this step window.');
    else host.appendChild(inspectorTable('insp-ops',
      [{ h: 'operator', name: true }, { h: 'role' }, { h: 'calls', num: true }, { h: 'summed ms', num: true }, { h: 'of step wall', num: true }],
      st.top_ops.map(function (o) { return [o.name, o.role, num(o.calls), ms(o.dur_ns), pct(wall > 0 ? o.dur_ns / wall : null)]; })));

    // Layers and blocks.
    host.appendChild(el('h4', null, 'Layers and blocks (' + st.layer_count + ')'));
    if (st.layers.length < st.layer_count) empty(host, 'The page embeds the first ' + D.caps.layers_per_rank + ' layers of each rank: ' +
      st.layers.length + ' of this step\'s ' + st.layer_count + ' are here; analysis.json holds every one.');
    if (!st.layer_count) empty(host, 'No layers: the segmentation found no layer anchors in this step.');
    else host.appendChild(inspectorTable('insp-layers',
      [{ h: 'layer', num: true }, { h: 'anchor' }, { h: 'at ms', num: true }, { h: 'wall ms', num: true }, { h: 'busy ms', num: true }, { h: 'events', num: true }, { h: 'blocks (kind:family wall ms)' }],
      st.layers.slice(0, 500).map(function (l) {
        return [l.index, l.anchor, ms(l.start - st.start), ms(l.end - l.start), ms(l.busy_ns), num(l.events),
          l.blocks.map(function (b) { return b.kind + (b.family ? ':' + b.family : '') + ' ' + ms(b.end - b.start); }).join(' · ')];
      })));
    if (st.layers.length > 500) empty(host, 'Showing the first 500 of ' + st.layers.length + ' layers.');
    $('inspector').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
