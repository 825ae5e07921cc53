// Lets the Tab key leave the Markdown editor's text field, as in every
// other field. django-markdownx turns Tab into indentation, which traps
// anyone who works with the keyboard alone in the field (WCAG 2.1.2);
// Markdown indents with spaces just as well. This listener runs before
// the editor's own, which listens on the text field itself.
(function () {
  "use strict";
  document.addEventListener(
    "keydown",
    function (event) {
      if (
        event.key === "Tab" &&
        event.target.classList &&
        event.target.classList.contains("markdownx-editor")
      ) {
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
