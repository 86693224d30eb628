// report.html script (llmsa), part 4: renders every section.
// The parts are concatenated in file-name order inside one function scope by html_report.cpp;
// trace names only ever reach the page through textContent.
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
