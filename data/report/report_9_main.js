// report.html script (llmsa), part 9: renders the page at its focus level (report_6_focus.js renders
// each section the first time it is shown).
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
  try {
    renderHeader();
    collectOps();
    initFocus();
    if (root.getAttribute('data-rendered') !== 'error') root.setAttribute('data-rendered', 'ok');
    root.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
    throw e;
  }
