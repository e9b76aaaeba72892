// Live running total for knapsack ballots; the "recalculate" button works without this script.
(function () {
  "use strict";
  // The same text as the server's "money" filter: "\u20ac 18.000", cents only where they exist.
  function euro(cents) {
    var whole = Math.floor(Math.abs(cents) / 100);
    var rest = Math.abs(cents) % 100;
    var text = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var tail = rest ? "," + (rest < 10 ? "0" : "") + rest : "";
    return (cents < 0 ? "-" : "") + "\u20ac " + text + tail;
  }
  function update(form) {
    var total = 0;
    form.querySelectorAll("input[type=checkbox][data-cost]").forEach(function (box) {
      if (box.checked) { total += parseInt(box.getAttribute("data-cost"), 10) || 0; }
    });
    var limit = parseInt(form.getAttribute("data-limit"), 10) || 0;
    var out = form.querySelector("[data-testid=ballot-total]");
    if (!out) { return; }
    out.textContent = form.getAttribute("data-template")
      .replace("{total}", euro(total)).replace("{limit}", euro(limit));
    out.classList.toggle("over-limit", limit > 0 && total > limit);
  }
  document.querySelectorAll("form[data-knapsack]").forEach(function (form) {
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
