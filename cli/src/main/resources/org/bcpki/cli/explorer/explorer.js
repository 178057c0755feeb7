// The live view: poll /api/live each second; when the chain or the gateway moved on, fetch this
// page again and swap in its freshly server-rendered (and server-escaped) <main id="live">.
(function () {
  'use strict';
  var status = document.getElementById('status');
  function show(text) { status.textContent = text; }
  async function tick() {
    try {
      var answer = await fetch('/api/live', { cache: 'no-store' });
      var live = await answer.json();
      var main = document.getElementById('live');
      if (live.version !== main.dataset.version) {
        var page = await fetch(location.href, { cache: 'no-store' });
        var fresh = new DOMParser().parseFromString(await page.text(), 'text/html').getElementById('live');
        if (fresh) {
          main.replaceWith(document.adoptNode(fresh));
        }
      }
      show('live: head ' + live.head + ', checked ' + new Date().toLocaleTimeString()
          + (live.error ? ' (' + live.error + ')' : ''));
    } catch (e) {
      show('the explorer server is not answering: ' + e);
    }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();
