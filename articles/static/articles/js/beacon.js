// Counts this story's read for the "Most read" lists: one beacon to our own site,
// with nothing but the story's id; no cookie, no third party. Editors and bots are
// left out by the server (articles.delivery.reads).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var url = script.getAttribute("data-beacon");
  var story = script.getAttribute("data-story");
  // One page in data-sample sends it; the server counts it for that many reads.
  var sample = parseInt(script.getAttribute("data-sample") || "1", 10);
  if (sample > 1 && Math.random() * sample >= 1) return;
  function send() {
    navigator.sendBeacon(url, story);
  }
  // A prerendered page counts when the reader actually sees it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
