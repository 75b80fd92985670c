// The Promote tab's previews (articles/admin/promote_previews.html), kept up to date as the
// editor types: the search result (SEO title else headline, URL, search description else
// summary) and the social card (share image else lead photo, headline, summary, site).
// Loaded by insert_editor_js; no inline script, nothing loaded from elsewhere.
(function () {
  "use strict";

  var SEARCH_TITLE = 60;
  var SNIPPET = 160;

  function field(name) {
    return document.getElementById("id_" + name);
  }

  function value(name) {
    var input = field(name);
    return input ? input.value.trim() : "";
  }

  // As Django's truncatechars, which draws the saved state: the ellipsis counts.
  function truncate(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function chosenImage(name) {
    var chooser = document.getElementById("id_" + name + "-chooser");
    var input = field(name);
    if (!chooser || !input || !input.value || chooser.classList.contains("blank")) return "";
    var image = chooser.querySelector("img[data-chooser-image], img.chooser__image");
    return image ? image.getAttribute("src") || "" : "";
  }

  function show(element, text, empty) {
    if (!element) return;
    element.textContent = text || empty || "";
    element.classList.toggle("newsroom-preview__empty", !text);
  }

  function attach(root) {
    if (root.dataset.newsroomAttached) return;
    root.dataset.newsroomAttached = "1";
    var parentUrl = root.getAttribute("data-parent-url") || "";
    var emptyTitle = root.getAttribute("data-empty-title") || "";
    var emptyDescription = root.getAttribute("data-empty-description") || "";
    var pending = false;

    function update() {
      pending = false;
      var headline = value("title");
      var summary = value("summary");
      var slug = value("slug");
      show(root.querySelector("[data-preview-url]"), parentUrl + (slug ? slug + "/" : ""));
      show(
        root.querySelector("[data-preview-search-title]"),
        truncate(value("seo_title") || headline, SEARCH_TITLE),
        emptyTitle
      );
      show(
        root.querySelector("[data-preview-snippet]"),
        truncate(value("search_description") || summary, SNIPPET),
        emptyDescription
      );
      show(root.querySelector("[data-preview-card-title]"), headline, emptyTitle);
      show(root.querySelector("[data-preview-card-description]"), summary, emptyDescription);
      var image = root.querySelector("[data-preview-image] img");
      var src = chosenImage("share_image") || chosenImage("lead_photo");
      if (image) {
        if (src) image.setAttribute("src", src);
        else image.removeAttribute("src");
        image.hidden = !src;
      }
    }

    function later() {
      if (pending) return;
      pending = true;
      // After Wagtail's own handlers (the slug follows the headline, debounced).
      window.setTimeout(update, 50);
    }

    ["title", "summary", "slug", "seo_title", "search_description"].forEach(function (name) {
      var input = field(name);
      if (!input) return;
      ["input", "keyup", "change", "blur"].forEach(function (type) {
        input.addEventListener(type, later);
      });
    });
    // Wagtail fills the slug from the headline quietly, without an input event.
    var slug = field("slug");
    if (slug) slug.addEventListener("w-sync:apply", later);
    // Whatever changed elsewhere shows when the Promote tab is opened.
    var tab = root.closest("[role=tabpanel]");
    if (tab) new MutationObserver(later).observe(tab, { attributeFilter: ["hidden"] });
    ["lead_photo", "share_image"].forEach(function (name) {
      var chooser = document.getElementById("id_" + name + "-chooser");
      if (chooser) {
        new MutationObserver(later).observe(chooser, {
          attributes: true,
          subtree: true,
          attributeFilter: ["src", "class"],
        });
      }
      var input = field(name);
      if (input) input.addEventListener("change", later);
    });
    update();
  }

  function scan() {
    document.querySelectorAll("[data-newsroom-previews]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
