// report.html script (llmsa), part 5: operator cards and the evidence chain.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
  // ---------- operator card ----------
  // One typical call of the operator (its call of median duration), with every field of its raw row
  // as the reader kept it: names, shapes, times and all PMU columns.
  function fieldText(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
    return String(v);
  }
  function showOpCard(o) {
    var host = $('op-card-host');
    host.textContent = '';
    var card = el('div', { 'class': 'opcard', id: 'op-card', 'data-rank': o.rank });
    var head = el('div', { 'class': 'head' });
    head.appendChild(el('span', { 'class': 'pill ghost' }, 'rank ' + o.rank));
    head.appendChild(el('span', { 'class': 'pill ghost' }, o.role));
    if (o.bound_family) head.appendChild(el('span', { 'class': 'pill ghost' }, 'bound ' + o.bound_family));
    var close = el('button', { type: 'button', id: 'op-card-close', 'class': 'close' }, 'close');
    close.addEventListener('click', function () { host.textContent = ''; });
    head.appendChild(close);
    card.appendChild(head);
    card.appendChild(el('div', { 'class': 'title name', id: 'op-card-name' }, o.name));
    card.appendChild(el('div', { 'class': 'meta' }, o.type + ' · ' + o.core + ' · ' + num(o.calls) + ' calls, ' + num(o.duration_sum_us / 1000) +
      ' ms in all, ' + num(o.duration_avg_us, 2) + ' µs on average'));
    var c = o.card;
    if (!c) {
      empty(card, 'No raw row to show: this rank\'s events are not in the page.');
    } else {
      var csv = /\.csv$/.test(c.format);
      card.appendChild(el('div', { 'class': 'src', id: 'op-card-source' }, c.source + ' [' + c.format + '] row ' + c.row +
        ' (0-based data row' + (csv ? '; line ' + (c.row + 2) + ' of the file, header first' : '') + ')'));
      card.appendChild(el('div', { 'class': 'hint' }, 'The call of median duration among the ' + num(o.calls) + ' calls (event ' + c.event + '), ' +
        c.fields.length + ' fields as read. Absent values are left out.'));
      var t = el('table', { 'class': 'grid kvtable', id: 'op-card-fields' }), hr = el('tr');
      hr.appendChild(el('th', null, 'field'));
      hr.appendChild(el('th', null, 'value'));
      t.appendChild(el('thead')).appendChild(hr);
      var tb = el('tbody');
      c.fields.forEach(function (f) {
        var key = typeof f[0] === 'number' ? NAMES[f[0]] : f[0];
        var tr = el('tr', { 'data-field': key });
        tr.appendChild(el('td', { 'class': 'fk' }, key));
        tr.appendChild(el('td', { 'class': 'fv' }, fieldText(f[1])));
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      var sc = el('div', { 'class': 'scroll short' });
      sc.appendChild(t);
      card.appendChild(sc);
    }
    host.appendChild(card);
    card.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  // ---------- evidence chain ----------
  function renderEvidence() {
    var host = $('evidence-body');
    var ids = Object.keys(D.evidence).sort();
    if (!ids.length) { empty(host, 'No evidence: no finding cites any.'); return; }
    var citedBy = {};
    D.findings.forEach(function (f) { f.evidence.forEach(function (id) { (citedBy[id] = citedBy[id] || []).push(f); }); });
    var limit = 1000;
    host.appendChild(el('p', { 'class': 'hint' }, ids.length + ' evidence id(s)' + (ids.length > limit ? '; the first ' + limit + ' are listed' : '') +
      '. The same ids resolve in evidence_index.csv; raw_kernel_index.csv maps every device event to its source id and row, and raw_kernel_sources.csv each source id to its file.'));
    var list = el('div', { 'class': 'evlist', id: 'evidence-list' });
    ids.slice(0, limit).forEach(function (id) {
      var ev = D.evidence[id], det = el('details', { 'class': 'ev-item', 'data-id': id });
      var sum = el('summary');
      sum.appendChild(el('span', { 'class': 'chip' }, id));
      sum.appendChild(el('span', { 'class': 'pill ghost' }, ev.kind));
      sum.appendChild(document.createTextNode(' ' + (ev.rank >= 0 ? 'rank ' + ev.rank + ' · ' : '') + ev.source + ' ' +
        (ev.rows[0] === ev.rows[1] ? 'row ' + ev.rows[0] : 'rows ' + ev.rows[0] + '–' + ev.rows[1]) + ' · cited by ' +
        (citedBy[id] || []).length + ' finding(s) · ' + ev.summary));
      det.appendChild(sum);
      var filled = false;
      det.addEventListener('toggle', function () {
        if (!det.open || filled) return;
        filled = true;
        var by = el('div', { 'class': 'meta' });
        (citedBy[id] || []).forEach(function (f) {
          var a = el('a', { 'class': 'evid', href: '#card-' + f.id }, f.id + ' ' + f.title);
          a.addEventListener('click', function (e) { e.preventDefault(); gotoFinding(f.id); });
          by.appendChild(a);
          by.appendChild(el('br'));
        });
        det.appendChild(by);
        det.appendChild(evidenceBlock(id));
      });
      list.appendChild(det);
    });
    host.appendChild(list);
  }
