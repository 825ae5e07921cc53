// Shows the editor why an image upload was refused. django-markdownx only
// writes "Invalid response" into the text; the server's German message comes
// with its (non-bubbling) error event, hence the capturing listener.
(function () {
  "use strict";
  var PLACEHOLDER = "Invalid response";

  document.addEventListener(
    "markdownx.fileUploadError",
    function (event) {
      var box = event.target;
      var data = event.detail && event.detail[0];
      var message =
        (data && data.image && data.image[0]) ||
        "Das Bild konnte nicht hochgeladen werden. Versuch es bitte noch einmal.";
      var textarea = box.querySelector("textarea");
      window.setTimeout(function () {
        if (textarea) {
          textarea.value = textarea.value.replace(PLACEHOLDER, "");
        }
      }, 0);
      var note = box.querySelector(".markdownx-upload-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "errornote markdownx-upload-error";
        note.setAttribute("role", "alert");
        box.insertBefore(note, box.firstChild);
      }
      note.textContent = message;
    },
    true
  );

  document.addEventListener(
    "markdownx.fileUploadEnd",
    function (event) {
      var note = event.target.querySelector(".markdownx-upload-error");
      if (note) {
        note.remove();
      }
    },
    true
  );
})();
