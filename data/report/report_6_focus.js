// report.html script (llmsa), part 6: focus levels.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
  // ---------- focus levels ----------
  // L1 executive (summary, step time, step inspector), L2 engineer (+ categories, layers, bound,
  // operators, communication, findings, limitations), L3 raw (+ timeline, raw rows, evidence chain).
  // Each section and nav link carries data-level; the stylesheet hides those above <html data-focus>.
  // The level lives in the URL hash (#focus=L2), so a link opens the page at the level it was shared at.
  // A section is rendered the first time it is shown: an executive view of a 1M-event capture never
  // builds the timeline.
  var SECTIONS = [
    ['summary', function () { renderSummary(); }], ['steps', function () { renderSteps(); }], ['inspector', null],
    ['shares', function () { renderShares(); }], ['layers', function () { renderStructure(); }],
    ['bound', function () { renderBound(); }], ['operators', function () { renderOperators(); }],
    ['communication', function () { renderComm(); }], ['findings', function () { renderFindings(); }],
    ['timeline', function () { TL.init(); }], ['evidence', function () { renderEvidence(); }], ['notes', function () { renderNotes(); }]
  ];
  var focusLevel = 3, renderedSections = {};
  function levelOf(id) {
    var s = $(id);
    return s ? Math.max(1, Math.min(3, parseInt(s.getAttribute('data-level') || '1', 10))) : 1;
  }
  function focusFromHash() {
    var m = /^#focus=L?([123])$/.exec(location.hash || '');
    return m ? parseInt(m[1], 10) : null;
  }
  function renderShown() {
    SECTIONS.forEach(function (s) {
      if (renderedSections[s[0]] || levelOf(s[0]) > focusLevel) return;
      renderedSections[s[0]] = true;
      if (s[1]) s[1]();
    });
  }
  function applyFocus(level) {
    var timelineWasBuilt = !!renderedSections.timeline;
    focusLevel = level;
    root.setAttribute('data-focus', String(level));
    [1, 2, 3].forEach(function (k) {
      var b = $('focus-' + k);
      if (b) b.setAttribute('aria-pressed', k === level ? 'true' : 'false');
    });
    renderShown();
    if (timelineWasBuilt && level >= levelOf('timeline')) TL.redraw();  // its width was 0 while hidden
  }
  function setFocus(level) {
    applyFocus(level);
    if (focusFromHash() !== level) location.hash = 'focus=L' + level;  // hashchange re-applies: harmless
  }
  // Makes a section visible (raising the focus level when it sits above it) and rendered.
  function reveal(id) {
    if (levelOf(id) > focusLevel) setFocus(levelOf(id));
  }
  function initFocus() {
    [1, 2, 3].forEach(function (k) {
      var b = $('focus-' + k);
      if (b) b.addEventListener('click', function () { setFocus(k); });
    });
    // Section links scroll without replacing the hash, which holds the focus level.
    Array.prototype.forEach.call(document.querySelectorAll('nav.sections a[href^="#"]'), function (a) {
      a.addEventListener('click', function (e) {
        var id = a.getAttribute('href').slice(1), target = $(id);
        if (!target) return;
        e.preventDefault();
        reveal(id);
        target.scrollIntoView({ behavior: 'smooth', block: 'start' });
      });
    });
    window.addEventListener('hashchange', function () {
      var level = focusFromHash();
      if (level && level !== focusLevel) applyFocus(level);
    });
    applyFocus(focusFromHash() || 3);
  }
