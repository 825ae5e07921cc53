// Click-to-load embeds (built by pusteblume_site/markdown.py). Nothing is
// requested from the provider until the reader clicks; without JavaScript
// the button stays hidden and the link to the original remains.
(function () {
  "use strict";

  function load(figure) {
    var src = new URL(figure.dataset.embedSrc, document.baseURI);
    // Only the renderer writes data-embed-src, but refuse anything that is
    // not HTTPS all the same.
    if (src.protocol !== "https:") {
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.className = "embed__frame";
    iframe.src = src.href;
    iframe.title = figure.dataset.embedTitle || "Eingebetteter Inhalt";
    iframe.setAttribute("loading", "lazy");
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.allow = "fullscreen; picture-in-picture; encrypted-media";
    iframe.allowFullscreen = true;
    figure.querySelector(".embed__notice").replaceWith(iframe);
    figure.classList.add("embed--loaded");
    // The button that had focus is gone; keep keyboard users in place.
    iframe.focus();
  }

  function init() {
    document
      .querySelectorAll("figure.embed[data-embed-src]")
      .forEach(function (figure) {
        var button = figure.querySelector(".embed__button");
        if (!button) {
          return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
          load(figure);
        });
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
