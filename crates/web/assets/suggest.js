// Title suggestions under every search box that carries data-suggest. Without JavaScript the
// box is a plain form that opens the search page; with it, a list of matching titles appears as
// the reader types (GET /api/v1/suggest?q=), navigable with the arrow keys.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-suggest]');
  Array.prototype.forEach.call(boxes, function (input, n) {
    var list = document.createElement('ul');
    list.id = 'goi-y-' + n;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    input.parentNode.appendChild(list);
    var timer = null, latest = 0, active = -1;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
    }

    function show(items) {
      list.textContent = '';
      items.forEach(function (item, i) {
        var li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.id = list.id + '-' + i;
        var a = document.createElement('a');
        a.href = item.url;
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var ticket = ++latest;
      fetch('/api/v1/suggest?q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (ticket === latest) show(data.items || []); })
        .catch(close);
    }

    function move(step) {
      var options = list.querySelectorAll('li');
      if (!options.length) return;
      active = (active + step + options.length) % options.length;
      Array.prototype.forEach.call(options, function (o, i) { o.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', options[active].id);
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
      else if (e.key === 'Escape') { close(); }
      else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        window.location.href = list.querySelectorAll('a')[active].href;
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 200); });
  });
})();
