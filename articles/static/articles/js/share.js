// Progressive enhancement for the share bar: "Copy link" and the Web Share API.
// The links work without this file; nothing here talks to a third party.
(function () {
  "use strict";
  var bar = document.querySelector(".share");
  if (!bar) return;
  var status = bar.querySelector(".share__status");

  function say(message) {
    if (status) status.textContent = message;
  }

  function copyFallback(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }

  var copy = bar.querySelector("[data-share-copy]");
  if (copy) {
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-share-copy");
      // The words come from the page, in its language.
      var done = function () {
        say(copy.getAttribute("data-share-copied") || "Link copied to the clipboard.");
      };
      var failed = function () {
        if (copyFallback(url)) done();
        else say((copy.getAttribute("data-share-copy-this") || "Copy this link:") + " " + url);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, failed);
      } else {
        failed();
      }
    });
  }

  var native = bar.querySelector("[data-share-native]");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({
        title: native.getAttribute("data-share-title"),
        url: native.getAttribute("data-share-native")
      }).catch(function () { /* the reader closed the share sheet */ });
    });
  }
})();
