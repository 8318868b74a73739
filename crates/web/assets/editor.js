// Toà soạn editor: the form around the visual body editor (editor-body.js, on ProseMirror), which
// replaces the Markdown text area that works without JavaScript. On submit the body goes to the server as
// typed blocks; the server cleans them whatever arrives. Work is never lost: a copy is kept in
// this browser at every change, and sent to the server every few seconds (autosave).
(function () {
  'use strict';
  var form = document.getElementById('editor');
  if (!form || form.querySelector('fieldset[disabled]') || !window.ToasoanBody) return;
  var host = form.querySelector('[data-editor]');
  var markdown = form.querySelector('[data-markdown]');
  var blocksField = form.querySelector('input[name=blocks_json]');
  var status = form.querySelector('[data-autosave-status]');
  var articleId = form.dataset.article || '0';
  var storageKey = 'toasoan-draft-' + articleId;
  var AUTOSAVE_MS = 5000;

  var esc = window.ToasoanBody ? window.ToasoanBody.escape : null;

  function blocksToHtml(blocks) {
    return blocks.map(function (b) {
      switch (b.type) {
        case 'heading': return '<h2>' + esc(b.text) + '</h2>';
        case 'quote': return '<blockquote>' + esc(b.text) + '</blockquote>';
        case 'list':
          var tag = b.ordered ? 'ol' : 'ul';
          var items = (b.html_items || b.items.map(esc)).map(function (i) { return '<li>' + i + '</li>'; });
          return '<' + tag + '>' + items.join('') + '</' + tag + '>';
        case 'figure':
          return '<figure>' + (b.image ? '<img src="' + esc(b.image) + '"' + (b.srcset ? ' srcset="' + esc(b.srcset) + '"' : '') +
            ' alt="' + esc(b.alt || '') + '">' : '') +
            '<figcaption>' + esc(b.caption) + '</figcaption></figure>';
        case 'video':
          return '<div class="video" contenteditable="false" data-url="' + esc(b.url) + '" data-title="' + esc(b.title || '') +
            '">▶ ' + esc(b.title || b.url) + '</div>';
        default: return '<p>' + (b.html || esc(b.text)) + '</p>';
      }
    }).join('');
  }

  // Inline markup only: bold, italic, links, line breaks; everything else is unwrapped.
  function inlineHtml(node) {
    var out = '';
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) { out += esc(child.textContent); return; }
      if (child.nodeType !== 1) return;
      var tag = child.tagName.toLowerCase();
      var style = child.getAttribute('style') || '';
      var inner = inlineHtml(child);
      var bold = tag === 'b' || tag === 'strong' || /font-weight:\s*(bold|[6-9]00)/.test(style);
      var normal = /font-weight:\s*(normal|400)/.test(style);
      var italic = tag === 'i' || tag === 'em' || /font-style:\s*italic/.test(style);
      if (tag === 'br') { out += '<br>'; return; }
      if (tag === 'a' && /^(https?:|mailto:)/i.test(child.getAttribute('href') || '')) {
        out += '<a href="' + esc(child.getAttribute('href')) + '">' + inner + '</a>'; return;
      }
      if (bold && !normal) inner = '<b>' + inner + '</b>';
      if (italic) inner = '<i>' + inner + '</i>';
      out += inner;
    });
    return out;
  }

  function htmlToBlocks(root) {
    var blocks = [];
    root.childNodes.forEach(function (node) {
      if (node.nodeType === 3) {
        if (node.textContent.trim()) blocks.push({ type: 'paragraph', text: node.textContent, html: esc(node.textContent) });
        return;
      }
      if (node.nodeType !== 1) return;
      var tag = node.tagName.toLowerCase();
      var text = node.textContent.trim();
      if (/^h[1-6]$/.test(tag)) { if (text) blocks.push({ type: 'heading', text: text }); }
      else if (tag === 'blockquote') { if (text) blocks.push({ type: 'quote', text: text }); }
      else if (tag === 'ul' || tag === 'ol') {
        var lis = Array.prototype.slice.call(node.querySelectorAll('li'));
        blocks.push({ type: 'list', ordered: tag === 'ol', items: lis.map(function (li) { return li.textContent.trim(); }),
          html_items: lis.map(inlineHtml) });
      } else if (tag === 'figure') {
        var img = node.querySelector('img');
        var caption = node.querySelector('figcaption');
        blocks.push({ type: 'figure', image: img ? img.getAttribute('src') : null, alt: img ? img.getAttribute('alt') : null,
          srcset: img ? img.getAttribute('srcset') : null, caption: caption ? caption.textContent.trim() : '' });
      } else if (node.classList.contains('video')) {
        blocks.push({ type: 'video', url: node.dataset.url, title: node.dataset.title || '' });
      } else if (text || node.querySelector('img')) {
        blocks.push({ type: 'paragraph', text: text, html: inlineHtml(node) });
      }
    });
    return blocks;
  }

  var body = null;
  var toolbar = document.createElement('div');
  toolbar.className = 'toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Định dạng');
  // [label, command or action, shortcut shown in the tooltip]
  var tools = [
    ['Hoàn tác', 'undo', 'Ctrl+Z'], ['Làm lại', 'redo', 'Ctrl+Y'],
    ['Đậm', 'strong', 'Ctrl+B'], ['Nghiêng', 'em', 'Ctrl+I'], ['Liên kết', 'link', 'Ctrl+K'],
    ['Đoạn', 'paragraph', 'Ctrl+Alt+0'], ['Tiêu đề nhỏ', 'heading', 'Ctrl+Alt+2 hoặc gõ “## ”'],
    ['Trích dẫn', 'quote', 'Ctrl+Shift+9 hoặc gõ “> ”'], ['Danh sách', 'bullets', 'Ctrl+Shift+8 hoặc gõ “- ”'],
    ['Danh sách số', 'numbers', 'Ctrl+Shift+7 hoặc gõ “1. ”'],
    ['Ảnh', function () {
      imagePanel.hidden = !imagePanel.hidden;
      if (!imagePanel.hidden) { panelField('file').focus(); showLibrary(); }
    }],
    ['Video', function () {
      var url = prompt('Địa chỉ video (YouTube…)');
      if (url && /^https?:/i.test(url)) insertBlock({ type: 'video', url: url, title: '' });
    }]
  ];
  var buttons = tools.map(function (tool) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = tool[0];
    if (tool[2]) button.title = tool[0] + ' (' + tool[2] + ')';
    button.addEventListener('mousedown', function (e) { e.preventDefault(); });
    button.addEventListener('click', function () {
      if (typeof tool[1] === 'function') tool[1](); else body.run(tool[1]);
    });
    toolbar.appendChild(button);
    return { button: button, name: typeof tool[1] === 'string' ? tool[1] : null };
  });
  // Buttons say what is on where the caret is (aria-pressed), and which cannot act now.
  function showToolbar() {
    buttons.forEach(function (b) {
      if (!b.name) return;
      if (b.name === 'undo' || b.name === 'redo') { b.button.disabled = !body.can(b.name); return; }
      b.button.setAttribute('aria-pressed', body.active(b.name) ? 'true' : 'false');
    });
  }
  // Images: upload one to the media library (alt text required), or give an address.
  var imagePanel = document.createElement('div');
  imagePanel.className = 'upload-box';
  imagePanel.hidden = true;
  imagePanel.innerHTML = '<label>Tệp ảnh<input type="file" accept="image/jpeg,image/png,image/webp,image/gif" data-image-file></label>' +
    '<label>hoặc địa chỉ ảnh<input type="url" data-image-url></label>' +
    '<label>Mô tả ảnh (bắt buộc)<input data-image-alt maxlength="500"></label>' +
    '<label>Chú thích (cả tác giả ảnh)<input data-image-caption maxlength="500"></label>' +
    '<button type="button" data-image-insert>Chèn ảnh</button> <span data-image-status role="status"></span>' +
    '<fieldset class="library-pick"><legend>Hoặc chọn ảnh có sẵn trong thư viện</legend>' +
    '<input type="search" data-image-library-q aria-label="Tìm trong thư viện ảnh" placeholder="Tìm theo mô tả, chú thích">' +
    '<div class="library-items" data-image-library></div></fieldset>';
  // Figures and videos go in as blocks where the caret is (between paragraphs, never inside one).
  function insertBlock(block) {
    body.insert(blocksToHtml([block]));
  }
  var panelField = function (name) { return imagePanel.querySelector('[data-image-' + name + ']'); };
  // The library's newest pictures (or those matching the search) as buttons: one click puts
  // the picture in with its description and caption, as uploaded.
  var libraryTimer = null;
  function showLibrary() {
    var q = panelField('library-q').value.trim();
    fetch('/api/v1/media?limit=12&q=' + encodeURIComponent(q), { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (list) {
        var box = panelField('library');
        box.textContent = list.items.length ? '' : 'Không có ảnh nào.';
        list.items.forEach(function (item) {
          if (!item.url) return;
          var button = document.createElement('button');
          button.type = 'button';
          button.setAttribute('aria-label', 'Chèn ảnh: ' + item.alt);
          var thumb = document.createElement('img');
          thumb.src = item.variants.length ? item.variants[0].url : item.url;
          thumb.alt = '';
          button.appendChild(thumb);
          button.addEventListener('click', function () {
            insertFigure({ type: 'figure', image: item.url, srcset: item.srcset, alt: item.alt, caption: item.caption });
          });
          box.appendChild(button);
        });
      })
      .catch(function () { panelField('library').textContent = 'Không tải được thư viện ảnh.'; });
  }
  imagePanel.addEventListener('input', function (e) {
    if (!e.target.hasAttribute('data-image-library-q')) return;
    clearTimeout(libraryTimer);
    libraryTimer = setTimeout(showLibrary, 250);
  });
  function insertFigure(block) {
    insertBlock(block);
    imagePanel.hidden = true;
    ['file', 'url', 'alt', 'caption'].forEach(function (name) { panelField(name).value = ''; });
    panelField('status').textContent = '';
    changed();
  }
  panelField('insert').addEventListener('click', function () {
    var alt = panelField('alt').value.trim();
    var caption = panelField('caption').value.trim();
    var file = panelField('file').files[0];
    var say = function (text) { panelField('status').textContent = text; };
    if (!alt) { say('Hãy nhập mô tả ảnh.'); panelField('alt').focus(); return; }
    if (!file) {
      var url = panelField('url').value.trim();
      if (!/^https?:\/\//i.test(url)) { say('Hãy chọn tệp hoặc nhập địa chỉ ảnh.'); return; }
      insertFigure({ type: 'figure', image: url, alt: alt, caption: caption });
      return;
    }
    var data = new FormData();
    data.append('file', file);
    data.append('alt', alt);
    data.append('caption', caption);
    // XMLHttpRequest, not fetch: it reports the upload's progress.
    var request = new XMLHttpRequest();
    request.open('POST', '/api/v1/media');
    request.setRequestHeader('x-csrf-token', form.dataset.csrf);
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) say('Đang tải lên… ' + Math.round((e.loaded / e.total) * 100) + '%');
    };
    request.onload = function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status < 200 || request.status >= 300) {
        say('Không tải lên được: ' + (answer.error ? answer.error.message : request.status));
        return;
      }
      insertFigure({ type: 'figure', image: answer.url, srcset: answer.srcset, alt: answer.alt, caption: answer.caption });
    };
    request.onerror = function () { say('Mất kết nối; hãy thử lại.'); };
    say('Đang tải lên… 0%');
    request.send(data);
  });
  host.appendChild(toolbar);
  host.appendChild(imagePanel);
  var area = null;
  body = window.ToasoanBody.create(host, blocksToHtml(JSON.parse(host.dataset.blocks || '[]')), {
    onFiles: function (files, event) {
      if (!offerPicture(files)) return false;
      event.preventDefault();
      return true;
    },
    onState: function (state, docChanged) { showToolbar(); if (docChanged) changed(); }
  });
  area = body.view.dom;
  showToolbar();
  host.hidden = false;
  markdown.hidden = true;
  setTimeout(function () { if (typeof showFocus === 'function') showFocus(); }, 0);
  form.querySelector('[data-markdown-hint]').hidden = true;
  document.querySelector('label[for=body]').addEventListener('click', function () { body.view.focus(); });

  // A picture pasted or dropped into the body opens the image panel with that file, waiting for
  // its description (required: readers who cannot see it hear it); "Chèn ảnh" uploads it.
  function offerPicture(files) {
    var picture = Array.prototype.find.call(files || [], function (f) { return /^image\//.test(f.type); });
    if (!picture) return false;
    var transfer = new DataTransfer();
    transfer.items.add(picture);
    panelField('file').files = transfer.files;
    imagePanel.hidden = false;
    panelField('status').textContent = 'Ảnh “' + picture.name + '” sẵn sàng: nhập mô tả rồi bấm “Chèn ảnh”.';
    panelField('alt').focus();
    return true;
  }
  // The article's picture with its focal point: a click on the subject sets "X,Y" (percent) in
  // the focal-point field, so crops keep it; the field stays for keyboards and no JavaScript.
  var focusField = form.elements.featured_focus;
  var focusPreview = document.createElement('div');
  focusPreview.className = 'focus-preview';
  focusPreview.hidden = true;
  focusPreview.innerHTML = '<img alt="Ảnh đại diện; bấm vào chủ thể để đặt tâm ảnh" data-focus-image>' +
    '<span class="focus-dot" aria-hidden="true"></span>';
  if (focusField) focusField.parentNode.insertBefore(focusPreview, focusField.nextSibling);
  var focusImage = focusPreview.querySelector('img');
  var focusDot = focusPreview.querySelector('.focus-dot');
  function chosenPicture() {
    if (pictureChoice()) return pictureChoice();
    var typed = form.elements.featured_image ? form.elements.featured_image.value.trim() : '';
    if (typed) return typed;
    var first = area.querySelector('figure img');
    return first ? first.getAttribute('src') : '';
  }
  function showFocus() {
    if (!focusField) return;
    var url = chosenPicture();
    focusPreview.hidden = !url;
    if (!url) return;
    if (focusImage.getAttribute('src') !== url) focusImage.setAttribute('src', url);
    var parts = /^\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(focusField.value) || [null, '50', '50'];
    focusDot.style.left = Math.min(100, Number(parts[1])) + '%';
    focusDot.style.top = Math.min(100, Number(parts[2])) + '%';
  }
  focusImage.addEventListener('click', function (e) {
    var box = focusImage.getBoundingClientRect();
    var x = Math.round(((e.clientX - box.left) / box.width) * 100);
    var y = Math.round(((e.clientY - box.top) / box.height) * 100);
    focusField.value = Math.max(0, Math.min(100, x)) + ',' + Math.max(0, Math.min(100, y));
    showFocus();
    changed();
  });
  form.addEventListener('change', showFocus);
  form.addEventListener('input', showFocus);

  function pictureChoice() {
    var chosen = form.querySelector('input[name=featured_choice]:checked');
    return chosen ? chosen.value : '';
  }

  function fields() {
    var value = function (name) { var el = form.elements[name]; return el ? el.value : ''; };
    return {
      title: value('title'), lead: value('lead'), category: Number(value('category')) || 0, tags: value('tags'),
      byline: value('byline'), slug: value('slug'), seo_title: value('seo_title'), seo_description: value('seo_description'),
      featured_image: pictureChoice() || value('featured_image'), featured_focus: value('featured_focus'),
      featured: form.elements.featured.checked, blocks: htmlToBlocks(body.html()),
      authors: Array.prototype.map.call(form.querySelectorAll('input[name=authors]:checked'), function (el) { return el.value; })
    };
  }

  function apply(f) {
    ['title', 'lead', 'tags', 'byline', 'slug', 'seo_title', 'seo_description', 'featured_image', 'featured_focus'].forEach(function (name) {
      if (form.elements[name] && typeof f[name] === 'string') form.elements[name].value = f[name];
    });
    if (f.category) form.elements.category.value = String(f.category);
    form.elements.featured.checked = !!f.featured;
    if (Array.isArray(f.authors)) {
      form.querySelectorAll('input[name=authors]').forEach(function (el) { el.checked = f.authors.indexOf(el.value) >= 0; });
    }
    body.setHtml(blocksToHtml(f.blocks || []));
  }

  var base = JSON.stringify(fields());
  var params = new URLSearchParams(location.search);
  if (params.has('da-luu')) {
    localStorage.removeItem(storageKey);
    if (sessionStorage.getItem('toasoan-created')) { localStorage.removeItem('toasoan-draft-0'); sessionStorage.removeItem('toasoan-created'); }
  }
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { kept = null; }
  if (kept && kept.base === base && JSON.stringify(kept.fields) !== base) {
    apply(kept.fields);
    say('Đã khôi phục nội dung chưa lưu từ máy này (' + new Date(kept.at).toLocaleString('vi-VN') + '). Bấm “Lưu” để giữ.');
  }

  var dirty = false;
  var timer = null;
  function say(text) { status.textContent = text; }
  function changed() {
    showFocus();
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () {
      localStorage.setItem(storageKey, JSON.stringify({ base: base, at: Date.now(), fields: fields() }));
    }, 500);
  }
  form.addEventListener('input', changed);

  setInterval(function () {
    if (!dirty) return;
    dirty = false;
    fetch('/toa-soan/tu-dong-luu?bai=' + articleId, {
      method: 'POST', credentials: 'same-origin', redirect: 'manual',
      headers: { 'content-type': 'application/json', 'x-csrf-token': form.dataset.csrf },
      body: JSON.stringify(fields())
    }).then(function (response) {
      if (response.ok) return response.json().then(function (r) { say('Đã tự động lưu lúc ' + r.saved_at); });
      dirty = true;
      if (response.type === 'opaqueredirect' || response.status === 401) {
        say('Phiên đăng nhập đã hết hạn. Nội dung vẫn được giữ trên máy này: hãy đăng nhập lại ở thẻ khác rồi bấm “Lưu”.');
      } else say('Chưa tự động lưu được; nội dung vẫn được giữ trên máy này.');
    }).catch(function () { dirty = true; say('Mất kết nối; nội dung vẫn được giữ trên máy này.'); });
  }, AUTOSAVE_MS);

  form.addEventListener('submit', function () {
    blocksField.value = JSON.stringify(htmlToBlocks(body.html()));
    localStorage.setItem(storageKey, JSON.stringify({ base: base, at: Date.now(), fields: fields() }));
    if (articleId === '0') sessionStorage.setItem('toasoan-created', '1');
  });
})();
