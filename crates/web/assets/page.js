// Small helpers of the public pages; each does nothing without JavaScript, where the page works
// as plain HTML: the print button stays hidden (the browser's own Print uses the same print
// stylesheet), "Sao chép liên kết" is not offered, and a video facade is a link to the clip's
// page at its provider.
(function () {
  'use strict';
  var each = function (selector, action) { Array.prototype.forEach.call(document.querySelectorAll(selector), action); };
  each('[data-print]', function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  each('[data-copy-link]', function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(button.getAttribute('data-copy-link')).then(function () {
        button.textContent = 'Đã sao chép';
      });
    });
  });
  // The provider's player (and its scripts and cookies) loads only when the reader asks for it.
  each('a[data-player]', function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var frame = document.createElement('iframe');
      frame.src = link.getAttribute('data-player');
      frame.title = link.getAttribute('data-title') || 'Video';
      frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
      frame.allowFullscreen = true;
      frame.className = 'video-frame';
      link.parentNode.replaceChild(frame, link);
    });
  });
})();
