// The article body as a visual block editor, on ProseMirror (prosemirror.js, bundled from npm by
// editor-bundle/build.sh). Why ProseMirror: its document follows a schema, so whatever is typed,
// pasted or dropped can only ever be one of our typed blocks (paragraph with bold/italic/links,
// subheading, quote, list, figure with caption, video), which is exactly the API's ARTICLE shape;
// it leaves input methods (Telex, VNI) to the browser and reads the result, so no letter is lost
// or doubled; it has undo history and keymaps; it is maintained and MIT-licensed.
// This file knows nothing of the form: editor.js uses `ToasoanBody.create`.
(function () {
  'use strict';
  var PM = window.ProseMirror;
  if (!PM) return;

  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  var safeLink = function (href) { return /^(https?:|mailto:)/i.test(href || ''); };

  var schema = new PM.Schema({
    nodes: {
      doc: { content: 'block+' },
      paragraph: { group: 'block', content: 'inline*', parseDOM: [{ tag: 'p' }], toDOM: function () { return ['p', 0]; } },
      heading: {
        group: 'block', content: 'text*', marks: '', defining: true,
        parseDOM: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map(function (tag) { return { tag: tag }; }),
        toDOM: function () { return ['h2', 0]; }
      },
      quote: {
        group: 'block', content: 'text*', marks: '', defining: true,
        parseDOM: [{ tag: 'blockquote' }], toDOM: function () { return ['blockquote', 0]; }
      },
      bullet_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ul' }], toDOM: function () { return ['ul', 0]; } },
      ordered_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ol' }], toDOM: function () { return ['ol', 0]; } },
      // One paragraph per item: our lists are flat, so an item cannot hold another list.
      list_item: { content: 'paragraph', defining: true, parseDOM: [{ tag: 'li' }], toDOM: function () { return ['li', 0]; } },
      figure: {
        group: 'block', content: 'text*', marks: '', isolating: true, draggable: true,
        attrs: { image: { default: null }, srcset: { default: null }, alt: { default: '' } },
        parseDOM: [{
          tag: 'figure',
          contentElement: function (dom) { return dom.querySelector('figcaption') || document.createElement('figcaption'); },
          getAttrs: function (dom) {
            var img = dom.querySelector('img');
            return { image: img && img.getAttribute('src'), srcset: img && img.getAttribute('srcset'), alt: img ? img.getAttribute('alt') || '' : '' };
          }
        }, {
          tag: 'img[src]',
          getAttrs: function (dom) { return { image: dom.getAttribute('src'), alt: dom.getAttribute('alt') || '' }; }
        }],
        toDOM: function (node) {
          var caption = ['figcaption', 0];
          if (!node.attrs.image) return ['figure', caption];
          var img = { src: node.attrs.image, alt: node.attrs.alt || '' };
          if (node.attrs.srcset) img.srcset = node.attrs.srcset;
          return ['figure', ['img', img], caption];
        }
      },
      video: {
        group: 'block', atom: true, draggable: true, attrs: { url: {}, title: { default: '' } },
        parseDOM: [{
          tag: 'div.video',
          getAttrs: function (dom) { return { url: dom.dataset.url, title: dom.dataset.title || '' }; }
        }],
        toDOM: function (node) {
          return ['div', { 'class': 'video', 'data-url': node.attrs.url, 'data-title': node.attrs.title },
            '▶ ' + (node.attrs.title || node.attrs.url)];
        }
      },
      text: { group: 'inline' },
      hard_break: { inline: true, group: 'inline', selectable: false, parseDOM: [{ tag: 'br' }], toDOM: function () { return ['br']; } }
    },
    marks: {
      // Bold and italic given by styles (Google Docs, Word) are made tags by stylesToTags first.
      strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: function () { return ['strong', 0]; } },
      em: { parseDOM: [{ tag: 'i' }, { tag: 'em' }], toDOM: function () { return ['em', 0]; } },
      link: {
        attrs: { href: {} }, inclusive: false,
        parseDOM: [{ tag: 'a[href]', getAttrs: function (d) { var h = d.getAttribute('href'); return safeLink(h) ? { href: h } : false; } }],
        toDOM: function (mark) { return ['a', { href: mark.attrs.href }, 0]; }
      }
    }
  });

  // Our blocks as HTML the schema reads, and back (editor.js owns the HTML ↔ blocks rules).
  function toDoc(html) {
    var holder = document.createElement('div');
    holder.innerHTML = html || '<p></p>';
    return PM.DOMParser.fromSchema(schema).parse(holder);
  }
  function toElement(doc) {
    var holder = document.createElement('div');
    holder.appendChild(PM.DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
    return holder;
  }

  // Pasted bold and italic often live in style attributes (Google Docs wraps everything in a
  // <b style="font-weight:normal"> and makes bold a span of weight 700). The newsroom's
  // Content-Security-Policy forbids inline styles, so the browser never parses them (element.style
  // stays empty): read the attribute's text instead, and turn it into tags.
  function stylesToTags(doc) {
    doc.body.querySelectorAll('[style]').forEach(function (el) {
      var style = el.getAttribute('style');
      var weight = (/font-weight\s*:\s*([a-z0-9]+)/i.exec(style) || [])[1] || '';
      var wrap = function (tag) {
        var inner = doc.createElement(tag);
        while (el.firstChild) inner.appendChild(el.firstChild);
        el.appendChild(inner);
      };
      if (/^(normal|[1-5]00)$/i.test(weight) && /^(B|STRONG)$/.test(el.tagName)) {
        while (el.firstChild) el.parentNode.insertBefore(el.firstChild, el);
        el.remove();
        return;
      }
      if (/^(bold|bolder|[6-9]00)$/i.test(weight)) wrap('strong');
      if (/font-style\s*:\s*italic/i.test(style)) wrap('em');
    });
  }

  // Word marks its lists as paragraphs with a typed bullet ("·", "1.") in a span it hides; turn
  // those back into lists, and drop the bullets. Quotes keep their words, not their paragraphs.
  function cleanPastedHtml(html) {
    var doc = new window.DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('style, script, meta, link, title, xml').forEach(function (n) { n.remove(); });
    var listParagraph = function (p) {
      return p && p.tagName === 'P' && (/MsoListParagraph/.test(p.className) || /mso-list:\s*l\d/.test(p.getAttribute('style') || ''));
    };
    Array.prototype.slice.call(doc.querySelectorAll('p')).forEach(function (p) {
      if (!p.parentNode || !listParagraph(p) || listParagraph(p.previousElementSibling)) return;
      var marker = p.querySelector('[style*="mso-list:Ignore"], [style*="mso-list: Ignore"]');
      var list = doc.createElement(marker && /^\s*(\d+|[a-z]|[ivx]+)[.)]/i.test(marker.textContent) ? 'ol' : 'ul');
      p.parentNode.insertBefore(list, p);
      for (var item = p; listParagraph(item); item = list.nextElementSibling) {
        var li = doc.createElement('li');
        while (item.firstChild) li.appendChild(item.firstChild);
        item.remove();
        list.appendChild(li);
      }
    });
    doc.querySelectorAll('[style*="mso-list:Ignore"], [style*="mso-list: Ignore"]').forEach(function (n) { n.remove(); });
    stylesToTags(doc);
    doc.querySelectorAll('blockquote').forEach(function (q) { q.textContent = q.textContent.replace(/\s+/g, ' ').trim(); });
    return doc.body.innerHTML;
  }

  function markActive(state, type) {
    var sel = state.selection;
    if (sel.empty) return !!type.isInSet(state.storedMarks || sel.$from.marks());
    return state.doc.rangeHasMark(sel.from, sel.to, type);
  }

  function toggleLink(state, dispatch) {
    var type = schema.marks.link;
    if (markActive(state, type)) return PM.toggleMark(type)(state, dispatch);
    if (state.selection.empty) return false;
    if (!dispatch) return true;
    var href = window.prompt('Địa chỉ liên kết (https://…)');
    if (!href || !safeLink(href.trim())) return false;
    return PM.toggleMark(type, { href: href.trim() })(state, dispatch);
  }

  var n = schema.nodes;
  // What each toolbar button does, its shortcut, and how it shows it is on.
  var commands = {
    strong: PM.toggleMark(schema.marks.strong),
    em: PM.toggleMark(schema.marks.em),
    link: toggleLink,
    paragraph: PM.setBlockType(n.paragraph),
    heading: PM.setBlockType(n.heading),
    quote: PM.setBlockType(n.quote),
    bullets: PM.wrapInList(n.bullet_list),
    numbers: PM.wrapInList(n.ordered_list),
    undo: PM.undo,
    redo: PM.redo
  };
  var keys = {
    'Mod-z': PM.undo, 'Shift-Mod-z': PM.redo, 'Mod-y': PM.redo,
    'Mod-b': commands.strong, 'Mod-i': commands.em, 'Mod-k': commands.link,
    'Mod-Alt-0': commands.paragraph, 'Mod-Alt-2': commands.heading, 'Mod-Shift-9': commands.quote,
    'Mod-Shift-8': commands.bullets, 'Mod-Shift-7': commands.numbers,
    'Shift-Enter': PM.chainCommands(PM.exitCode, function (state, dispatch) {
      if (dispatch) dispatch(state.tr.replaceSelectionWith(n.hard_break.create()).scrollIntoView());
      return true;
    }),
    Enter: PM.splitListItem(n.list_item),
    'Shift-Tab': PM.liftListItem(n.list_item),
    Backspace: PM.undoInputRule
  };
  // Typing "## ", "> ", "- " or "1. " at a paragraph's start makes that block, as in Ghost.
  var rules = PM.inputRules({ rules: [
    PM.textblockTypeInputRule(/^##\s$/, n.heading),
    PM.textblockTypeInputRule(/^>\s$/, n.quote),
    PM.wrappingInputRule(/^\s*[-*]\s$/, n.bullet_list),
    PM.wrappingInputRule(/^\s*1[.)]\s$/, n.ordered_list)
  ] });

  function create(host, html, options) {
    var view = new PM.EditorView(host, {
      state: PM.EditorState.create({
        doc: toDoc(html),
        plugins: [rules, PM.keymap(keys), PM.keymap(PM.baseKeymap), PM.history(), PM.dropCursor(), PM.gapCursor()]
      }),
      attributes: { 'class': 'wysiwyg-area', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Nội dung bài viết', spellcheck: 'true', lang: 'vi' },
      transformPastedHTML: cleanPastedHtml,
      handleDOMEvents: {
        paste: function (v, event) { return options.onFiles(event.clipboardData && event.clipboardData.files, event); },
        drop: function (v, event) { return options.onFiles(event.dataTransfer && event.dataTransfer.files, event); }
      },
      dispatchTransaction: function (tr) {
        view.updateState(view.state.apply(tr));
        options.onState(view.state, tr.docChanged);
      }
    });
    return {
      view: view,
      run: function (name) { view.focus(); return commands[name](view.state, view.dispatch, view); },
      can: function (name) { return commands[name](view.state, null, view); },
      active: function (name) {
        var state = view.state;
        if (schema.marks[name]) return markActive(state, schema.marks[name]);
        var parent = state.selection.$from.parent;
        if (name === 'heading' || name === 'quote' || name === 'paragraph') return parent.type === n[name];
        var depth = state.selection.$from.depth;
        var list = depth >= 2 ? state.selection.$from.node(depth - 2) : null;
        return !!list && list.type === (name === 'bullets' ? n.bullet_list : n.ordered_list);
      },
      html: function () { return toElement(view.state.doc); },
      setHtml: function (next) {
        view.updateState(PM.EditorState.create({ doc: toDoc(next), plugins: view.state.plugins }));
      },
      // A block and an empty paragraph after it, where the caret goes, so writing goes on.
      insert: function (html) {
        var blocks = toDoc(html + '<p></p>').content;
        view.dispatch(view.state.tr.replaceSelection(new PM.Slice(blocks, 0, 0)).scrollIntoView());
        view.focus();
      }
    };
  }

  window.ToasoanBody = { create: create, escape: esc };
})();
