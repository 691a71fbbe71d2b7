// The last page of the comment widget's GitHub sign-in popup: hands the
// signed identity token to the page that opened it, and to that page's
// origin only (the server checked it is an allowed one), then closes.
(function () {
  'use strict';
  var el = document.getElementById('handover');
  if (!el || !window.opener) return;
  window.opener.postMessage({
    type: 'newsdesk:github-signin',
    token: el.getAttribute('data-token'),
    login: el.getAttribute('data-login'),
    avatar_url: el.getAttribute('data-avatar'),
    expires_at: Number(el.getAttribute('data-expires'))
  }, el.getAttribute('data-origin'));
  window.close();
})();
