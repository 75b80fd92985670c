// Live character count for fields whose panel carries data-newsroom-count="MAX".
(function () {
  "use strict";
  function attach(panel) {
    var max = parseInt(panel.getAttribute("data-newsroom-count"), 10);
    var input = panel.querySelector("input[type=text], textarea");
    if (!input || !max || input.dataset.newsroomCounted) return;
    input.dataset.newsroomCounted = "1";
    var output = document.createElement("p");
    output.className = "help newsroom-count";
    output.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", output);
    function update() {
      var n = input.value.length;
      output.textContent = n + " / " + max + " characters";
      output.style.color = n > max ? "#cd4444" : "";
    }
    input.addEventListener("input", update);
    update();
  }
  function scan() {
    document.querySelectorAll("[data-newsroom-count]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
