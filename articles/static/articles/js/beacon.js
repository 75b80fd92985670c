// Counts this story's read for the "Most read" lists: one beacon to our own site,
// with nothing but the story's id; no cookie, no third party. Editors and bots are
// left out by the server (articles.delivery.reads).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var url = script.getAttribute("data-beacon");
  var story = script.getAttribute("data-story");
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
