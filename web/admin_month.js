// admin_month.js: the issue at a glance on the review page — per section of
// the live draft, what is in, what is on its way, and which sections still
// show a "nothing this month" placeholder; the deadline.  Text from people
// (entry names, logins) is set as text.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var labels = { pending: 'waiting', approved: 'approved', pr_open: 'PR open', merged: 'merged' };

  function cell(row, text, cls) {
    var c = row.insertCell();
    if (cls) c.className = cls;
    if (text !== undefined) c.textContent = text;
    return c;
  }

  function chips(cell, items) {
    items.forEach(function (it) {
      var s = document.createElement('span');
      s.className = 'chip status-' + it.status;
      s.textContent = it.name + ' · ' + (labels[it.status] || it.status);
      s.title = '#' + it.id + ' by @' + it.author + (it.author_verified ? ' (verified)' : ' (not verified)');
      cell.appendChild(s);
    });
  }

  function load() {
    window.ndAdmin.api('GET', '/api/v1/admin/month').then(function (r) {
      if (r.status !== 200) { $('m-issue').textContent = (r.body.error || {}).message || 'no draft'; return; }
      var i = r.body.issue;
      if (i.month && !i.published) month = i.month;
      var text = 'Issue ' + (i.month || i.path) + (i.published ? ' — published: new contributions go into the next one' : '');
      if (i.deadline && !i.published)
        text += ' — contributions until ' + i.deadline + (i.days_left >= 0 ? ' (' + i.days_left + ' days left)' : ' (past)');
      $('m-issue').textContent = text;
      var t = $('m-sections');
      t.textContent = '';
      var head = t.insertRow();
      ['Section', 'In the draft', 'On the way', 'Note'].forEach(function (h) {
        var th = document.createElement('th'); th.textContent = h; head.appendChild(th);
      });
      r.body.sections.forEach(function (s) {
        var row = t.insertRow();
        row.dataset.section = s.title;
        cell(row, s.title);
        cell(row, s.entries.length ? s.entries.join(', ') : '—');
        chips(cell(row), s.coming);
        cell(row, s.placeholder ? 'placeholder: nothing yet' : '', s.placeholder ? 'warn' : '');
      });
      if (r.body.other_sections.length) {
        var row = t.insertRow();
        cell(row, '(sections not in the draft)');
        cell(row, '');
        chips(cell(row), r.body.other_sections);
        cell(row, '');
      }
    });
  }

  // the harvest (newsdesk harvest as a job): what it did last, each
  // repository GitHub refused included; its proposals join the queue
  var month = null, waiting = 0;
  function harvestReport() {
    var q = month ? '?month=' + encodeURIComponent(month) : '';
    return window.ndAdmin.api('GET', '/api/v1/admin/harvest' + q).then(function (r) {
      var h = r.status === 200 ? r.body.harvest : null;
      var ul = $('harvest-report');
      ul.textContent = '';
      if (!h) { if (!waiting) $('harvest-state').textContent = 'not harvested yet'; return null; }
      if (!waiting) $('harvest-state').textContent = 'last harvest of ' + h.month + ': ' + new Date(h.at * 1000).toLocaleString();
      h.report.forEach(function (line) {
        var li = document.createElement('li');
        li.textContent = line;
        if (line.indexOf('refused') >= 0) li.className = 'warn';
        ul.appendChild(li);
      });
      return h;
    });
  }

  $('harvest-run').addEventListener('click', function () {
    var before = null;
    harvestReport().then(function (h) {
      before = h ? h.at : 0;
      return window.ndAdmin.api('POST', '/api/v1/admin/harvest', month ? { month: month } : {});
    }).then(function (r) {
      if (r.status !== 202) { $('harvest-state').textContent = (r.body.error || {}).message || 'not queued'; return; }
      $('harvest-state').textContent = 'harvesting…';
      waiting = 1;
      var tries = 0;
      (function poll() {
        harvestReport().then(function (h) {
          if ((h && h.at !== before) || ++tries > 60) {
            waiting = 0;
            harvestReport();
            document.dispatchEvent(new CustomEvent('nd:harvested'));
          } else {
            setTimeout(poll, 1000);
          }
        });
      })();
    });
  });

  document.addEventListener('nd:signed-in', function () {
    $('month').hidden = false;
    load();
    harvestReport();
  });
  document.addEventListener('nd:changed', load);
})();
