// The article page's small helpers. Without JavaScript the print button stays hidden (the
// browser's own Print uses the same print stylesheet) and "Sao chép liên kết" is not offered.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-copy-link]'), function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(button.getAttribute('data-copy-link')).then(function () {
        button.textContent = 'Đã sao chép';
      });
    });
  });
})();
