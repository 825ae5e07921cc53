// The post form's line "Erscheint am Dienstag, 9. Dezember um 9:00 Uhr",
// kept in step with the status and the date fields as the editor changes
// them (blog.admin.publication_line writes it on the server).
(function () {
  "use strict";
  var WEEKDAY_DATE = new Intl.DateTimeFormat("de-DE", {
    weekday: "long",
    day: "numeric",
    month: "long",
  });

  function parse(dateText, timeText) {
    var date = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(dateText.trim());
    var time = /^(\d{1,2}):(\d{2})/.exec(timeText.trim() || "0:00");
    if (!date || !time) return null;
    return new Date(+date[3], +date[2] - 1, +date[1], +time[1], +time[2]);
  }

  function line(status, when) {
    if (status !== "published") {
      return "Entwurf: erscheint erst, wenn du den Status auf „Veröffentlicht“ setzt.";
    }
    if (!when) return "Bitte Datum (TT.MM.JJJJ) und Uhrzeit (HH:MM) eintragen.";
    var day = WEEKDAY_DATE.format(when);
    if (when.getFullYear() !== new Date().getFullYear()) day += " " + when.getFullYear();
    var time = when.getHours() + ":" + String(when.getMinutes()).padStart(2, "0");
    if (when <= new Date()) return "Online seit " + day + " um " + time + " Uhr.";
    return "Erscheint am " + day + " um " + time + " Uhr.";
  }

  function start() {
    var status = document.getElementById("id_status");
    var date = document.getElementById("id_published_at_0");
    var time = document.getElementById("id_published_at_1");
    var target = document.querySelector(".field-schedule .readonly");
    if (!status || !date || !time || !target) return;
    target.setAttribute("aria-live", "polite");
    var update = function () {
      var text = line(status.value, parse(date.value, time.value));
      if (target.textContent !== text) target.textContent = text;
    };
    [status, date, time].forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    // The admin's calendar and clock fill the fields without an event.
    window.setInterval(update, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
