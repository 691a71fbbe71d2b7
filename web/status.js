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
