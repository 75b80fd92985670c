// Counts for the journalist as they type, in the page editor (insert_editor_js).
//
// - Characters, for fields whose panel carries data-newsroom-count="MAX" (a hard
//   limit, red past it) and/or data-newsroom-count-soft="N" with
//   data-newsroom-count-note (what happens past N, e.g. search engines cut it).
// - Words and reading time, for the StreamField whose panel carries
//   data-newsroom-words: paragraphs, cross-headings and quotes, as readers read them.
//
// The texts come translated from the server (#newsroom-admin-strings). No inline
// script, nothing loaded from elsewhere.
(function () {
  "use strict";

  var STRINGS = {
    characters: "%(n)s / %(max)s characters",
    charactersNoMax: "%(n)s characters",
    words: "%(words)s words · about %(minutes)s min to read",
    oneWord: "1 word · about %(minutes)s min to read",
    noWords: "No words yet",
    wordsPerMinute: 238,
  };

  function loadStrings() {
    var element = document.getElementById("newsroom-admin-strings");
    if (!element) return;
    try {
      var loaded = JSON.parse(element.textContent);
      Object.keys(loaded).forEach(function (key) {
        STRINGS[key] = loaded[key];
      });
    } catch (error) {
      // Keep the English defaults.
    }
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  // Characters --------------------------------------------------------------

  function attachCounter(panel) {
    var max = parseInt(panel.getAttribute("data-newsroom-count"), 10) || 0;
    var soft = parseInt(panel.getAttribute("data-newsroom-count-soft"), 10) || 0;
    var note = panel.getAttribute("data-newsroom-count-note") || "";
    var input = panel.querySelector("input[type=text], textarea");
    if (!input || !(max || soft) || input.dataset.newsroomCounted) return;
    input.dataset.newsroomCounted = "1";
    var output = document.createElement("p");
    output.className = "help newsroom-count";
    output.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", output);
    function update() {
      var n = input.value.length;
      var text = max
        ? format(STRINGS.characters, { n: n, max: max })
        : format(STRINGS.charactersNoMax, { n: n });
      var over = max && n > max;
      var long = !over && soft && n > soft;
      if (long && note) text += " · " + note;
      output.textContent = text;
      output.classList.toggle("newsroom-count--over", Boolean(over));
      output.classList.toggle("newsroom-count--long", Boolean(long));
    }
    input.addEventListener("input", update);
    update();
  }

  // Words -------------------------------------------------------------------

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function richTextWords(block) {
    // The live editor first; the stored Draftail JSON until it is mounted.
    var editable = block.querySelector("[contenteditable=true]");
    if (editable) return countWords(editable.innerText || "");
    var stored = block.querySelector("input[type=hidden][name$='-value']");
    if (!stored || !stored.value) return 0;
    try {
      return JSON.parse(stored.value).blocks.reduce(function (sum, line) {
        return sum + countWords(line.text || "");
      }, 0);
    } catch (error) {
      return 0;
    }
  }

  function blockWords(block) {
    var type = block.querySelector("input[type=hidden][name$='-type']");
    var deleted = block.querySelector("input[type=hidden][name$='-deleted']");
    if (!type || (deleted && deleted.value)) return 0;
    var field;
    switch (type.value) {
      case "paragraph":
        return richTextWords(block);
      case "heading":
        field = block.querySelector("input[type=text][name$='-value']");
        return field ? countWords(field.value) : 0;
      case "quote":
        field = block.querySelector("textarea[name$='-value-text']");
        return field ? countWords(field.value) : 0;
      default:
        return 0;
    }
  }

  function attachWordCount(panel) {
    if (panel.dataset.newsroomWordsAttached) return;
    var stream = panel.querySelector("[data-streamfield-stream-container]");
    if (!stream) {
      // The StreamField is drawn by Wagtail's script: wait for it.
      var waiting = new MutationObserver(function () {
        if (panel.querySelector("[data-streamfield-stream-container]")) {
          waiting.disconnect();
          attachWordCount(panel);
        }
      });
      waiting.observe(panel, { childList: true, subtree: true });
      return;
    }
    panel.dataset.newsroomWordsAttached = "1";
    var output = document.createElement("p");
    output.className = "help newsroom-words";
    output.setAttribute("aria-live", "polite");
    var help = panel.querySelector("[data-field-help]");
    (help || stream).insertAdjacentElement(help ? "beforeend" : "beforebegin", output);
    var pending = null;
    function update() {
      pending = null;
      var words = 0;
      stream.querySelectorAll(":scope > [data-streamfield-child]").forEach(function (block) {
        words += blockWords(block);
      });
      var minutes = Math.max(1, Math.round(words / STRINGS.wordsPerMinute));
      var counted = words === 1 ? STRINGS.oneWord : STRINGS.words;
      output.textContent = words
        ? format(counted, { words: words, minutes: minutes })
        : STRINGS.noWords;
      output.dataset.words = String(words);
    }
    function later() {
      if (pending === null) pending = window.setTimeout(update, 250);
    }
    panel.addEventListener("input", later);
    panel.addEventListener("change", later);
    // Blocks added, moved, deleted, or an editor mounted.
    new MutationObserver(later).observe(stream, { childList: true, subtree: true });
    update();
  }

  function scan() {
    loadStrings();
    document.querySelectorAll("[data-newsroom-count], [data-newsroom-count-soft]").forEach(
      attachCounter
    );
    document.querySelectorAll("[data-newsroom-words]").forEach(attachWordCount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
