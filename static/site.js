// dateline: optional enhancement of timeline pages. Shows the filter form
// (hidden in the HTML, so pages without JavaScript lose nothing) and hides
// the events that do not match the chosen tag or place, or that are not
// key events when only those are asked for.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  var events = Array.prototype.slice.call(document.querySelectorAll("li.event"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.month, section.year"));
  function has(list, value) {
    return !value || (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }
  function apply() {
    var tag = form.elements.tag ? form.elements.tag.value : "";
    var place = form.elements.place ? form.elements.place.value : "";
    var key = form.elements.key ? form.elements.key.checked : false;
    var shown = 0;
    events.forEach(function (li) {
      var ok = has(li.getAttribute("data-tags"), tag) &&
        has(li.getAttribute("data-places"), place) &&
        (!key || li.hasAttribute("data-key"));
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector("li.event:not([hidden])");
    });
    form.elements.shown.value = shown === events.length ? "" :
      shown + " of " + events.length + " events shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
})();
