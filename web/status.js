// status.js: the status page follows its submission by itself — it asks
// every 15 seconds (less often while the tab is hidden) and reloads when
// the state changed, so "pending → pull request opened → merged" shows
// without a click.  Without JavaScript the page keeps its refresh link.
(function () {
  'use strict';
  var shown = document.querySelector('[data-status]');
  var token = location.pathname.split('/').pop();
  if (!shown || !/^[A-Za-z0-9_-]{43}$/.test(token)) return;
  var was = shown.getAttribute('data-status');
  var note = document.getElementById('note');
  var noteWas = note ? note.textContent : '';
  function poll() {
    if (document.hidden) { setTimeout(poll, 60000); return; }
    fetch('/api/v1/submissions/' + token, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (j && (j.status !== was || (j.note || '') !== noteWas)) location.reload();
        else setTimeout(poll, 15000);
      })
      .catch(function () { setTimeout(poll, 30000); });
  }
  setTimeout(poll, 15000);

  // changing it while review goes on: the entry's Markdown, sent as its
  // block (the structured fields it came from give way to it)
  var revise = document.getElementById('revise');
  var history = document.getElementById('history');
  var said = document.getElementById('revise-said');
  var words = { changes_requested: 'A maintainer asked for changes', revised: 'Changed',
    withdrawn: 'Withdrawn' };
  function when(t) { return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' '); }
  if (revise) {
    fetch('/api/v1/submissions/' + token, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) return;
        var text = document.getElementById('revise-block');
        text.value = j.markdown || (j.fields && j.fields.block) || '';
        revise.hidden = false;
        var steps = j.history || [];
        if (!steps.length) return;
        var ol = history.querySelector('ol');
        steps.forEach(function (e) {
          var li = document.createElement('li');
          li.className = 'step step-' + e.kind;
          li.textContent = when(e.at) + ' — ' + (words[e.kind] || e.kind) + ' (' + e.actor + ')' +
            (e.message && e.kind === 'changes_requested' ? ': ' + e.message : '') +
            (e.changed && e.changed.length ? ': ' + e.changed.join(', ') : '');
          ol.appendChild(li);
        });
        history.hidden = false;
      });
    revise.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var button = revise.querySelector('button');
      button.disabled = true;
      said.textContent = 'Sending…';
      var body = { block: document.getElementById('revise-block').value, name: null, url: null,
        body: null, written_by: null };
      fetch('/api/v1/submissions/' + token, { method: 'PATCH', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (a) {
          if (a.ok) { location.reload(); return; }
          button.disabled = false;
          var e = a.j && a.j.error;
          said.textContent = e ? (e.field ? e.field + ': ' : '') + e.message : 'Not sent; try again.';
          said.className = 'error';
        })
        .catch(function () { button.disabled = false; said.textContent = 'Not sent; try again.'; });
    });
  }

  // taking it back while it waits for review
  var withdraw = document.getElementById('withdraw');
  if (withdraw) {
    withdraw.hidden = false;
    withdraw.addEventListener('click', function () {
      if (!window.confirm('Withdraw this contribution? It will not be reviewed.')) return;
      withdraw.disabled = true;
      fetch('/api/v1/submissions/' + token, { method: 'DELETE', credentials: 'same-origin' })
        .then(function () { location.reload(); })
        .catch(function () { withdraw.disabled = false; });
    });
  }
})();
