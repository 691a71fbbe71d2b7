// admin_comments.js: the comment moderation queue of the review page.
// Each comment is shown with its page and the comment it answers; what a
// reader wrote is inserted as text, except the server's safe rendering.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var labels = { pending: 'waiting', approved: 'published', rejected: 'rejected', spam: 'spam' };
  var done = { approve: 'published', reject: 'rejected', spam: 'marked as spam', delete: 'deleted' };

  var api = window.ndAdmin.api;

  function say(text) { $('c-message').textContent = text; }

  function act(ids, action) {
    var one = ids.length === 1;
    var req = one
      ? (action === 'delete' ? api('DELETE', '/api/v1/admin/comments/' + ids[0])
        : api('POST', '/api/v1/admin/comments/' + ids[0] + '/' + action, {}))
      : api('POST', '/api/v1/admin/comments/bulk', { action: action, ids: ids });
    return req.then(function (r) {
      if (r.status >= 300) { say((r.body.error || {}).message || 'not done'); return; }
      say((one ? 'Comment ' : ids.length + ' comments ') + done[action] + '.');
      load(true);
    });
  }

  function render(c) {
    var node = $('c-item').content.firstElementChild.cloneNode(true);
    node.id = 'comment-' + c.id;
    node.querySelector('.sel').value = c.id;
    var who = node.querySelector('.who');
    who.textContent = '#' + c.id + ' ';
    if (c.verified) {
      // GitHub vouched for the login: its account, and the mark readers see
      var a = document.createElement('a');
      a.href = 'https://github.com/' + encodeURIComponent(c.author);
      a.textContent = '@' + c.author;
      who.appendChild(a);
      var mark = document.createElement('span');
      mark.className = 'verified';
      mark.textContent = '✓ verified by GitHub';
      who.appendChild(mark);
    } else {
      who.appendChild(document.createTextNode(c.author));
    }
    if (c.email) who.appendChild(document.createTextNode(' <' + c.email + '>'));
    node.querySelector('.status').textContent = labels[c.status] || c.status;
    var meta = node.querySelector('.meta');
    meta.textContent = 'on ';
    var page = document.createElement(c.page_url ? 'a' : 'span');
    page.textContent = c.page;
    if (c.page_url) { page.href = c.page_url; page.rel = 'noopener'; page.target = '_blank'; }
    meta.appendChild(page);
    meta.appendChild(document.createTextNode(' · ' + new Date(c.created_at).toLocaleString() +
      (c.website ? ' · ' + c.website : '') + (c.client_ip ? ' · from ' + c.client_ip : '')));
    if (c.parent_comment) {
      var q = node.querySelector('.parent');
      q.hidden = false;
      q.querySelector('.parent-who').textContent = 'In reply to ' + c.parent_comment.author +
        (c.parent_comment.status !== 'approved' ? ' (' + c.parent_comment.status + ')' : '') + ':';
      q.querySelector('.parent-html').innerHTML = c.parent_comment.html;
    }
    node.querySelector('.preview').innerHTML = c.html;
    node.querySelectorAll('.actions button').forEach(function (b) {
      var a = b.getAttribute('data-action');
      if ((a === 'approve' && c.status === 'approved') || (a === 'reject' && c.status === 'rejected') ||
          (a === 'spam' && c.status === 'spam')) b.hidden = true;
      b.addEventListener('click', function () {
        if (a === 'delete' && !confirm('Delete this comment for good?')) return;
        act([c.id], a);
      });
    });
    return node;
  }

  /* what an import brought, page by page, to check before the site switches */
  function loadImports() {
    api('GET', '/api/v1/admin/imports').then(function (r) {
      if (r.status !== 200) { say((r.body.error || {}).message || 'cannot load imports'); return; }
      var items = $('c-items');
      items.textContent = '';
      var pages = r.body.pages || [];
      say(pages.length ? pages.length + ' imported threads' : 'Nothing was imported yet (newsdesk import utterances|giscus).');
      if (!pages.length) return;
      var table = document.createElement('table');
      table.className = 'imports';
      var head = table.insertRow();
      ['Page', 'From', 'Comments', 'Shown', 'Oldest', 'Newest'].forEach(function (t) {
        var th = document.createElement('th'); th.textContent = t; head.appendChild(th);
      });
      pages.forEach(function (p) {
        var row = table.insertRow();
        var cell = row.insertCell();
        if (r.body.site_url) {
          var a = document.createElement('a');
          a.href = r.body.site_url + p.page + '#comment-form'; a.textContent = p.page;
          cell.appendChild(a);
        } else cell.textContent = p.page;
        [p.source, p.comments, p.shown, new Date(p.first_at * 1000).toLocaleDateString(),
          new Date(p.last_at * 1000).toLocaleDateString()].forEach(function (v) {
          row.insertCell().textContent = String(v);
        });
      });
      items.appendChild(table);
    });
  }

  // a bulk action is offered only where it changes something: no "Approve
  // selected" among the published, no "Spam" among the spam
  function bulkFor(view) {
    document.querySelectorAll('.c-bulk').forEach(function (b) {
      var a = b.getAttribute('data-action');
      b.hidden = view === 'imported' || (a === 'approve' && view === 'approved') ||
        (a === 'reject' && view === 'rejected') || (a === 'spam' && view === 'spam');
    });
  }

  function load(keepMessage) {
    bulkFor($('c-filter').value);
    if ($('c-filter').value === 'imported') { loadImports(); return; }
    if (!keepMessage) say('Loading…');
    api('GET', '/api/v1/admin/comments?status=' + $('c-filter').value).then(function (r) {
      if (r.status !== 200) { say((r.body.error || {}).message || 'cannot load comments'); return; }
      var items = $('c-items');
      items.textContent = '';
      $('c-all').checked = false;
      var list = r.body.comments || [];
      if (!keepMessage) say('');
      if (!list.length) {
        var empty = document.createElement('p');
        empty.className = 'muted';
        empty.textContent = 'Nothing here.';
        items.appendChild(empty);
      }
      list.forEach(function (c) { items.appendChild(render(c)); });
    });
  }

  document.addEventListener('nd:signed-in', function () {
    $('comments').hidden = false;
    load();
    if (location.hash === '#comments') $('comments').scrollIntoView();
  });
  $('c-filter').addEventListener('change', function () { load(); });
  $('c-all').addEventListener('change', function (ev) {
    document.querySelectorAll('#c-items .sel').forEach(function (s) { s.checked = ev.target.checked; });
  });
  document.querySelectorAll('.c-bulk').forEach(function (b) {
    b.addEventListener('click', function () {
      var ids = [].map.call(document.querySelectorAll('#c-items .sel:checked'), function (s) { return +s.value; });
      if (!ids.length) { say('Select comments first.'); return; }
      var a = b.getAttribute('data-action');
      if (a === 'delete' && !confirm('Delete ' + ids.length + ' comments for good?')) return;
      act(ids, a);
    });
  });
})();
