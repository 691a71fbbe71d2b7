// submit.js: the contribution form's live preview and inline errors.
// The form works without this file; with it, only the fields the chosen
// section uses are shown, the entry is previewed as readers will see it
// (rendered by the server's safe Markdown), and the server's verdict is
// shown next to the field it names.
(function () {
  'use strict';
  var form = document.getElementById('submit-form');
  if (!form) return;
  var preview = document.getElementById('preview');
  var section = form.elements.section;

  function kind() {
    var opt = section.options ? section.options[section.selectedIndex] : null;
    return opt ? opt.getAttribute('data-kind') : 'heading';
  }

  function showFields() {
    var k = kind();
    form.querySelectorAll('[data-kinds]').forEach(function (el) {
      el.hidden = el.getAttribute('data-kinds').split(' ').indexOf(k) < 0;
    });
  }

  function val(name) {
    var el = form.elements[name];
    return el ? (el.type === 'checkbox' ? el.checked : el.value.trim()) : '';
  }

  // The same Markdown the server builds (SPEC §4), for the preview only.
  function markdown() {
    if (val('block')) return val('block');
    var name = val('name'), url = val('url') || 'https://example.com', body = val('body');
    if (!name) return '';
    if (kind() === 'list') {
      var item = '- [' + name + '](' + url + ')';
      if (body) item += '\n  - ' + body.replace(/\n/g, '\n    ');
      return item;
    }
    var md = '### [`' + name + '`](' + url + ')\n\n';
    if (val('written_by') && val('author'))
      md += '(Section written by [@' + val('author') + '](https://github.com/' + val('author') + '))\n\n';
    return md + body;
  }

  var timer = null, seq = 0;
  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(renderPreview, 250);
  }
  // what an update changes, line by line (its old text is the entry's)
  function changes(oldText, newText) {
    var a = oldText.split('\n'), b = newText.split('\n'), out = [];
    var i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) { i++; j++; continue; }
      var k = b.indexOf(a[i], j);
      if (i < a.length && (k < 0 || j >= b.length)) out.push(['del', a[i++]]);
      else out.push(['add', b[j++]]);
    }
    return out;
  }
  function showChanges(md) {
    var box = document.getElementById('changes');
    if (!box) return;
    if (!loaded || !val('replace')) { box.hidden = true; return; }
    box.hidden = false;
    box.textContent = '';
    var list = changes(loaded, md);
    if (!list.length) {
      box.textContent = 'No change yet: edit the text in the Markdown block.';
      return;
    }
    list.forEach(function (c) {
      var line = document.createElement(c[0] === 'del' ? 'del' : 'ins');
      line.textContent = (c[0] === 'del' ? '- ' : '+ ') + c[1];
      box.appendChild(line);
      box.appendChild(document.createTextNode('\n'));
    });
  }
  function renderPreview() {
    var md = markdown(), mine = ++seq;
    showChanges(md);
    if (!md) {
      preview.innerHTML = '<p class="muted">Fill in the form to see your entry as readers will.</p>';
      return;
    }
    fetch('/api/v1/preview', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ markdown: md })
    }).then(function (r) { return r.json(); }).then(function (j) {
      // the server's HTML is cmark-gfm safe mode: no raw HTML, no script links
      if (mine === seq && typeof j.html === 'string') preview.innerHTML = j.html;
    }).catch(function () {});
  }

  function clearErrors() {
    form.querySelectorAll('.field-error').forEach(function (p) { p.textContent = ''; });
    form.querySelectorAll('.invalid').forEach(function (f) { f.classList.remove('invalid'); });
  }

  function showError(field, message) {
    var p = document.getElementById('e-' + field) || document.getElementById('e-submission');
    p.textContent = message;
    // a field inside the collapsed "paste a block" part: open it, or nothing shows
    var folded = p.closest && p.closest('details');
    if (folded) folded.open = true;
    var input = form.elements[field];
    if (input && input.closest) {
      input.closest('.field').classList.add('invalid');
      input.focus();
    }
  }

  form.addEventListener('input', schedulePreview);
  // an error is about what was sent: once its field changes, it goes
  form.addEventListener('input', function (ev) {
    var name = ev.target && ev.target.name;
    var p = name && document.getElementById('e-' + name);
    if (p && p.textContent) {
      p.textContent = '';
      var f = ev.target.closest && ev.target.closest('.field');
      if (f) f.classList.remove('invalid');
    }
    var whole = document.getElementById('e-submission');
    if (whole) whole.textContent = '';
  });
  // "Place": only the entries of the chosen section
  function showPlaces() {
    var sel = form.elements.before;
    if (!sel || sel.tagName !== 'SELECT') return;
    [].forEach.call(sel.options, function (o) {
      var other = o.value && o.getAttribute('data-section') !== val('section');
      o.hidden = o.disabled = other;
    });
    if (sel.selectedOptions[0] && sel.selectedOptions[0].disabled) sel.value = '';
  }
  section.addEventListener('change', function () {
    showFields(); showPlaces(); showUpdates(); schedulePreview();
  });
  showPlaces();

  // "New or update": the chosen section's entries; picking one loads its
  // current Markdown into the block editor, and the preview says what changes
  var replace = form.elements.replace;
  var blockField = form.elements.block;
  var loaded = '';
  function showUpdates() {
    if (!replace || replace.tagName !== 'SELECT') return;
    [].forEach.call(replace.options, function (o) {
      var other = o.value && o.getAttribute('data-section') !== val('section');
      o.hidden = o.disabled = other;
    });
    if (replace.selectedOptions[0] && replace.selectedOptions[0].disabled) {
      replace.value = '';
      pickUpdate();
    }
  }
  function pickUpdate() {
    var opt = replace.selectedOptions[0];
    var text = opt && opt.value ? opt.getAttribute('data-text') || '' : '';
    if (text) {
      blockField.value = text;
      var folded = blockField.closest && blockField.closest('details');
      if (folded) folded.open = true;
    } else if (loaded && blockField.value === loaded) {
      blockField.value = '';   /* back to a new entry: the loaded text goes */
    }
    loaded = text;
    showFields();
    // an update is its whole block, in the entry's own place
    if (text) {
      ['before', 'name', 'url', 'body', 'written_by'].forEach(function (n) {
        var el = form.elements[n];
        if (el && el.closest && el.closest('.field')) el.closest('.field').hidden = true;
      });
    }
    schedulePreview();
  }
  if (replace && replace.tagName === 'SELECT') {
    replace.addEventListener('change', pickUpdate);
    showUpdates();
  }

  // what can be told before asking the server, all at once
  function missing() {
    var found = [];
    if (!val('section')) found.push(['section', 'Choose a section.']);
    if (!val('block')) {
      if (!val('name')) found.push(['name', 'Give the project or title.']);
      if (!val('url')) found.push(['url', 'Give the link.']);
      else if (!/^https?:\/\/[^\s\/]+/.test(val('url'))) found.push(['url', 'The link must start with http:// or https://.']);
    }
    if (!val('author')) found.push(['author', 'Give your GitHub login.']);
    return found;
  }

  // the entry the form holds now, as a submission's entry (no author)
  function currentEntry() {
    var data = { section: val('section') };
    if (val('block')) {
      data.block = val('block');
    } else {
      ['name', 'url', 'body'].forEach(function (k) { if (val(k)) data[k] = val(k); });
      if (kind() === 'heading' && val('written_by')) data.written_by = true;
    }
    if (val('add_author')) data.add_author = true;
    if (val('replace')) data.replace = val('replace');
    else if (val('before')) data.position = { before: val('before') };
    return data;
  }
  function blankEntry() { return !val('name') && !val('url') && !val('body') && !val('block'); }

  // "Add another entry": this one waits in the list, the form takes the next
  var added = [];
  var addButton = document.getElementById('add-entry');
  var addedList = document.getElementById('entries');
  if (addButton && addedList) {
    addButton.hidden = false;
    addButton.addEventListener('click', function () {
      clearErrors();
      var problems = missing();
      if (problems.length) {
        problems.slice().reverse().forEach(function (p) { showError(p[0], p[1]); });
        return;
      }
      var entry = currentEntry();
      added.push(entry);
      var li = document.createElement('li');
      li.textContent = entry.section + ': ' + (entry.name || (entry.block || '').split('\n')[0]);
      addedList.querySelector('ol').appendChild(li);
      addedList.hidden = false;
      ['name', 'url', 'body', 'block', 'replace', 'before'].forEach(function (k) {
        var el = form.elements[k];
        if (el) el.value = '';
      });
      ['written_by', 'add_author'].forEach(function (k) {
        var el = form.elements[k];
        if (el) el.checked = false;
      });
      schedulePreview();
      form.elements.name && form.elements.name.focus();
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors();
    var last = added.length && blankEntry() ? null : currentEntry();
    var problems = last ? missing() : [];
    if (problems.length) {
      // focus the first, show them all
      problems.slice().reverse().forEach(function (p) { showError(p[0], p[1]); });
      return;
    }
    var data;
    if (added.length) {
      data = { author: val('author'), entries: added.concat(last ? [last] : []) };
    } else {
      data = last;
      data.author = val('author');
    }
    if (val('hp_homepage')) data.hp_homepage = val('hp_homepage');
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    fetch('/api/v1/submissions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(data)
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    }).then(function (res) {
      if (res.status === 201) {
        window.location.assign('/s/' + encodeURIComponent(res.body.token));
        return;
      }
      var e = res.body.error || {};
      // an entry already added is no longer in the form: say which one
      var m = /^entries\[(\d+)\]\.?(.*)$/.exec(e.field || '');
      if (m) showError('submission', 'Entry ' + (+m[1] + 1) + (m[2] ? ' (' + m[2] + ')' : '') + ': ' + e.message);
      else showError(e.field || 'submission', e.message || 'The submission was not accepted.');
      button.disabled = false;
    }).catch(function () {
      showError('submission', 'The server could not be reached. Please try again.');
      button.disabled = false;
    });
  });

  showFields();
  // a contributor signed in with GitHub finds their submissions again
  var mine = document.getElementById('mine');
  if (mine) {
    fetch('/api/v1/me/submissions', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        var list = (j && j.submissions) || [];
        if (!list.length) return;
        var ul = mine.querySelector('ul');
        list.forEach(function (s) {
          var li = document.createElement('li');
          var a = document.createElement(s.status_url ? 'a' : 'span');
          if (s.status_url) a.href = s.status_url;
          a.textContent = s.section + ' #' + s.id;
          li.appendChild(a);
          li.appendChild(document.createTextNode(' — ' + s.status.replace('_', ' ')));
          ul.appendChild(li);
        });
        mine.hidden = false;
      })
      .catch(function () {});
  }
})();
