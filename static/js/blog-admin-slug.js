// Make the admin's prepopulated slugs spell umlauts out ("Grüße" -> "gruesse")
// like blog.slugs.german_slugify() does on the server. The admin's
// prepopulate.js calls the global URLify() on each keystroke, so wrapping it
// once the page has loaded is enough.
'use strict';
{
  const GERMAN = {ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ẞ: 'SS'};

  window.addEventListener('DOMContentLoaded', function() {
    const urlify = window.URLify;
    if (typeof urlify !== 'function') {
      return;
    }
    window.URLify = function(text, numChars, allowUnicode) {
      const spelled = String(text).normalize('NFC').replace(/[äöüÄÖÜßẞ]/g, function(c) {
        return GERMAN[c];
      });
      return urlify(spelled, numChars, allowUnicode);
    };
  });
}
