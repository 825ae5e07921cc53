// The writing screen of the admin (pusteblume_site/editor.py): a live
// preview in the site's own stylesheet beside the Markdown text, word count
// and reading time, images dropped or pasted with an alt-text dialog, a
// library of earlier uploads, and an autosave every 30 seconds. Without
// this script the text area works as a plain one.
(function () {
  "use strict";
  var WORDS_PER_MINUTE = 200;
  var AUTOSAVE_MS = 30000;
  var PREVIEW_DELAY_MS = 350;
  var UPLOAD_FAILED =
    "Das Bild konnte nicht hochgeladen werden. Versuch es bitte noch einmal.";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function fieldValue(form, name) {
    var input = form && form.querySelector("[name=" + name + "]");
    return input ? input.value : "";
  }

  function post(url, form, data) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken(form));
    Object.keys(data).forEach(function (key) {
      body.append(key, data[key]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form) },
    });
  }

  function formatNumber(number) {
    return number.toLocaleString("de-DE");
  }

  function Editor(root) {
    this.root = root;
    this.urls = JSON.parse(root.getAttribute("data-editor"));
    this.textarea = root.querySelector("textarea");
    this.form = this.textarea.form;
    this.frame = root.querySelector(".editor__frame");
    this.stats = root.querySelector(".editor__stats");
    this.autosaveStatus = root.querySelector(".editor__autosave");
    this.altDialog = root.querySelector(".editor__alt-dialog");
    this.libraryDialog = root.querySelector(".editor__library-dialog");
    this.lastAutosaved = this.snapshot();
    this.previewTimer = null;
    this.pending = [];

    root.querySelector(".editor__toolbar").hidden = false;
    root.querySelector(".editor__preview").hidden = false;
    root.classList.add("editor--live");
    this.bind();
    this.refreshPreview();
    window.setInterval(this.autosave.bind(this), AUTOSAVE_MS);
  }

  // The fields a revision keeps (title, excerpt, body …), as posted.
  Editor.prototype.texts = function () {
    var self = this;
    var data = { object_id: this.urls.object_id || "" };
    (this.urls.fields || []).forEach(function (name) {
      data[name] = fieldValue(self.form, name);
    });
    data[this.textarea.name] = this.textarea.value;
    return data;
  };

  Editor.prototype.snapshot = function () {
    return JSON.stringify(this.texts());
  };

  Editor.prototype.bind = function () {
    var self = this;
    var schedule = function () {
      window.clearTimeout(self.previewTimer);
      self.previewTimer = window.setTimeout(
        self.refreshPreview.bind(self),
        PREVIEW_DELAY_MS
      );
    };
    this.textarea.addEventListener("input", schedule);
    (this.urls.fields || []).forEach(function (name) {
      var input = self.form.querySelector("[name=" + name + "]");
      if (input) input.addEventListener("input", schedule);
    });
    this.frame.addEventListener("load", this.countWords.bind(this));

    this.textarea.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.from(event.dataTransfer.types).indexOf("Files") >= 0) {
        event.preventDefault();
      }
    });
    this.textarea.addEventListener("drop", function (event) {
      var files = imageFiles(event.dataTransfer && event.dataTransfer.files);
      if (!files.length) return;
      event.preventDefault();
      event.stopPropagation();
      self.askForAltTexts(files.map(function (file) {
        return { file: file };
      }));
    });
    this.textarea.addEventListener("paste", function (event) {
      var files = imageFiles(event.clipboardData && event.clipboardData.files);
      if (!files.length) return;
      event.preventDefault();
      self.askForAltTexts(files.map(function (file) {
        return { file: file };
      }));
    });

    this.altDialog.querySelector(".editor__alt-insert").addEventListener("click", function () {
      self.insertPending(false);
    });
    this.altDialog.querySelector(".editor__alt-skip").addEventListener("click", function () {
      self.insertPending(true);
    });
    this.altDialog.querySelector(".editor__alt-cancel").addEventListener("click", function () {
      self.pending = [];
      self.altDialog.close();
    });
    this.root.querySelector(".editor__library-button").addEventListener("click", function () {
      self.openLibrary();
    });
    this.libraryDialog.querySelector(".editor__library-close").addEventListener("click", function () {
      self.libraryDialog.close();
    });
  };

  function imageFiles(list) {
    return Array.from(list || []).filter(function (file) {
      return /^image\//.test(file.type);
    });
  }

  // Preview

  Editor.prototype.refreshPreview = function () {
    var self = this;
    post(this.urls.preview, this.form, this.texts())
      .then(function (response) {
        // A refusal (a text too long) comes as a page with the reason.
        return response.text();
      })
      .then(function (html) {
        self.frame.srcdoc = html;
      })
      .catch(function () {
        self.stats.textContent = "Vorschau gerade nicht erreichbar.";
      });
  };

  Editor.prototype.countWords = function () {
    var doc = this.frame.contentDocument;
    if (!doc || !doc.body) return;
    var body = doc.querySelector(".post__body") || doc.body;
    var words = (body.textContent || "").split(/\s+/).filter(Boolean).length;
    var minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    this.stats.textContent =
      formatNumber(words) +
      (words === 1 ? " Wort" : " Wörter") +
      " · " +
      minutes +
      " Min. Lesezeit";
  };

  // Autosave

  Editor.prototype.autosave = function () {
    var snapshot = this.snapshot();
    if (snapshot === this.lastAutosaved) return;
    var self = this;
    post(this.urls.autosave, this.form, this.texts())
      .then(function (response) {
        return response.json().then(function (data) {
          return response.ok ? data : Promise.reject(data);
        });
      })
      .then(function (data) {
        self.lastAutosaved = snapshot;
        self.autosaveStatus.textContent =
          "Automatisch gesichert um " + data.saved_at + " Uhr (noch nicht veröffentlicht)";
      })
      .catch(function (data) {
        self.autosaveStatus.textContent =
          (data && data.error) ||
          "Automatisches Sichern gerade nicht möglich. Sichere bitte selbst.";
      });
  };

  // Images

  Editor.prototype.askForAltTexts = function (items) {
    // Where the caret was; without one (focus elsewhere) at the end.
    this.insertAt =
      document.activeElement === this.textarea
        ? this.textarea.selectionEnd
        : this.textarea.value.length;
    var list = this.altDialog.querySelector(".editor__alt-list");
    list.textContent = "";
    this.pending = items;
    items.forEach(function (item, index) {
      var row = document.createElement("div");
      row.className = "editor__alt-row";
      var image = document.createElement("img");
      image.className = "editor__alt-thumb";
      image.alt = "";
      if (item.url) {
        image.src = item.thumb || item.url;
      } else {
        var reader = new FileReader();
        reader.onload = function () {
          image.src = reader.result;
        };
        reader.readAsDataURL(item.file);
      }
      var label = document.createElement("label");
      var id = "editor-alt-" + index + "-" + Date.now();
      label.setAttribute("for", id);
      label.textContent = "Beschreibung für " + (item.file ? item.file.name : "das Bild");
      var input = document.createElement("input");
      input.type = "text";
      input.id = id;
      input.maxLength = 250;
      input.className = "vTextField editor__alt-input";
      input.placeholder = "z. B. Lena am Rednerpult, hinter ihr die Folie „Ausgebucht“";
      row.appendChild(image);
      row.appendChild(label);
      row.appendChild(input);
      list.appendChild(row);
    });
    this.altDialog.showModal();
    var first = list.querySelector("input");
    if (first) first.focus();
  };

  Editor.prototype.insertPending = function (skip) {
    var inputs = this.altDialog.querySelectorAll(".editor__alt-input");
    var items = this.pending.map(function (item, index) {
      item.alt = skip ? "" : inputs[index].value.trim().replace(/[\[\]]/g, "");
      return item;
    });
    this.pending = [];
    this.altDialog.close();
    var self = this;
    var position = this.insertAt;
    // Upload one after the other so the images land in the order dropped.
    items
      .reduce(function (chain, item) {
        return chain.then(function () {
          return self.urlFor(item).then(function (url) {
            if (url) position = self.insertImage(url, item.alt, position);
          });
        });
      }, Promise.resolve())
      .then(function () {
        var missing = items.filter(function (item) {
          return !item.alt;
        }).length;
        if (missing) {
          self.note(
            (missing === 1 ? "Ein Bild hat" : missing + " Bilder haben") +
              " noch keinen Alternativtext. Trag ihn zwischen den eckigen Klammern nach: ![Was zu sehen ist](…)",
            "warning"
          );
        }
        self.textarea.dispatchEvent(new Event("input", { bubbles: true }));
      });
  };

  Editor.prototype.urlFor = function (item) {
    if (item.url) return Promise.resolve(item.url);
    var self = this;
    var body = new FormData();
    body.append("image", item.file);
    body.append("csrfmiddlewaretoken", csrfToken(this.form));
    return fetch(this.urls.upload, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.form) },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return {};
        });
      })
      .then(function (data) {
        var match = data.image_code && /\]\(([^)]+)\)/.exec(data.image_code);
        if (match) {
          self.clearError();
          return match[1];
        }
        self.error((data.image && data.image[0]) || UPLOAD_FAILED);
        return null;
      })
      .catch(function () {
        self.error(UPLOAD_FAILED);
        return null;
      });
  };

  // Each image on a line of its own, a blank line before and after it.
  Editor.prototype.insertImage = function (url, alt, position) {
    var value = this.textarea.value;
    var before = value.slice(0, position);
    var after = value.slice(position);
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    var text = lead + "![" + alt + "](" + url + ")" + trail;
    this.textarea.value = before + text + after;
    var end = position + text.length - trail.length;
    this.textarea.setSelectionRange(end, end);
    return end;
  };

  Editor.prototype.openLibrary = function () {
    var self = this;
    var list = this.libraryDialog.querySelector(".editor__library-list");
    list.textContent = "Bilder werden geladen …";
    this.libraryDialog.showModal();
    fetch(this.urls.library, { credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        list.textContent = "";
        if (!data.images.length) {
          list.textContent = "Noch keine hochgeladenen Bilder.";
          return;
        }
        data.images.forEach(function (image) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "editor__library-item";
          var thumb = document.createElement("img");
          thumb.src = image.thumb;
          thumb.alt = "";
          var name = document.createElement("span");
          name.textContent = image.name.split("/").pop();
          button.appendChild(thumb);
          button.appendChild(name);
          button.setAttribute("aria-label", "Einfügen: " + name.textContent);
          button.addEventListener("click", function () {
            self.libraryDialog.close();
            self.askForAltTexts([{ url: image.url, thumb: image.thumb }]);
          });
          item.appendChild(button);
          list.appendChild(item);
        });
      })
      .catch(function () {
        list.textContent = "Die Bilder konnten nicht geladen werden.";
      });
  };

  // Messages above the text; the upload error keeps the class the site's
  // tests and styles know.

  Editor.prototype.note = function (message, kind) {
    var note = this.root.querySelector(".editor__note");
    if (!note) {
      note = document.createElement("p");
      note.className = "editor__note";
      note.setAttribute("role", "status");
      this.root.insertBefore(note, this.root.firstChild);
    }
    note.dataset.kind = kind;
    note.textContent = message;
  };

  Editor.prototype.error = function (message) {
    var note = this.root.querySelector(".markdownx-upload-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "errornote markdownx-upload-error";
      note.setAttribute("role", "alert");
      this.root.insertBefore(note, this.root.firstChild);
    }
    note.textContent = message;
  };

  Editor.prototype.clearError = function () {
    var note = this.root.querySelector(".markdownx-upload-error");
    if (note) note.remove();
  };

  function start() {
    document.querySelectorAll(".editor[data-editor]").forEach(function (root) {
      root.editor = new Editor(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
