// The post form's gallery: several images chosen at once become one row
// each, and rows are ordered by dragging; the numbers in "Reihenfolge" follow
// (and stay the way to order without this script).
(function () {
  "use strict";
  var PREFIX = "gallery_images";

  function rows(group) {
    return Array.from(group.querySelectorAll(".inline-related")).filter(function (row) {
      return !row.classList.contains("empty-form") && row.id.indexOf(PREFIX + "-") === 0;
    });
  }

  function renumber(group) {
    rows(group).forEach(function (row, index) {
      var order = row.querySelector("input[name$='-order']");
      if (order) order.value = String(index + 1);
    });
  }

  function addFiles(group, files) {
    var link = group.querySelector(".add-row a");
    if (!link) return;
    Array.from(files).forEach(function (file) {
      link.click();
      var all = rows(group);
      var row = all[all.length - 1];
      var input = row.querySelector("input[type=file]");
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      makeDraggable(group, row);
    });
    renumber(group);
    var first = rows(group).find(function (row) {
      var alt = row.querySelector("input[name$='-alt']");
      return alt && !alt.value;
    });
    var alt = first && first.querySelector("input[name$='-alt']");
    if (alt) alt.focus();
  }

  var dragged = null;

  function makeDraggable(group, row) {
    if (row.dataset.draggable) return;
    row.dataset.draggable = "1";
    row.classList.add("gallery-row");
    var handle = document.createElement("span");
    handle.className = "gallery-row__handle";
    handle.textContent = "⠿ Ziehen zum Sortieren";
    handle.setAttribute("aria-hidden", "true");
    // Only the heading drags, so text in the fields can still be selected.
    var heading = row.querySelector("h3");
    if (!heading) return;
    heading.appendChild(handle);
    heading.draggable = true;
    heading.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("gallery-row--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
      event.dataTransfer.setDragImage(row, 20, 20);
    });
    heading.addEventListener("dragend", function () {
      row.classList.remove("gallery-row--dragging");
      dragged = null;
      renumber(group);
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      renumber(group);
    });
  }

  function start() {
    var group = document.getElementById(PREFIX + "-group");
    if (!group) return;
    var picker = document.createElement("p");
    picker.className = "gallery-picker";
    var label = document.createElement("label");
    label.setAttribute("for", "gallery-picker-input");
    label.textContent = "Mehrere Bilder auf einmal hinzufügen:";
    var input = document.createElement("input");
    input.type = "file";
    input.id = "gallery-picker-input";
    input.multiple = true;
    input.accept = "image/jpeg,image/png,image/gif,image/webp";
    input.addEventListener("change", function () {
      addFiles(group, input.files);
      input.value = "";
    });
    picker.appendChild(label);
    picker.appendChild(document.createTextNode(" "));
    picker.appendChild(input);
    var heading = group.querySelector("h2");
    (heading ? heading.parentNode : group).insertBefore(
      picker,
      heading ? heading.nextSibling : group.firstChild
    );
    rows(group).forEach(function (row) {
      makeDraggable(group, row);
    });
  }

  // Django's inline script adds the "add another" link on DOMContentLoaded.
  window.addEventListener("load", start);
})();
