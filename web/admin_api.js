// admin_api.js: the one way the review page's scripts call the admin API:
// same-origin cookie, JSON in and out, and the session's CSRF token on
// every non-GET.  admin.js sets the token when a session starts or ends.
(function () {
  'use strict';
  var csrf = null;
  window.ndAdmin = {
    setCsrf: function (token) { csrf = token; },
    api: function (method, path, body) {
      var opts = { method: method, headers: {}, credentials: 'same-origin' };
      if (csrf && method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
      if (body !== undefined) {
        opts.headers['Content-Type'] = 'application/json';
        opts.body = JSON.stringify(body);
      }
      return fetch(path, opts).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          // a session that ended (expired, signed out elsewhere, membership
          // gone) takes the page back to the sign-in, whatever was asked
          if (r.status === 401 && path.indexOf('/api/v1/admin/') === 0 && path !== '/api/v1/admin/login')
            document.dispatchEvent(new CustomEvent('nd:signed-out', { detail: (j.error || {}).message }));
          return { status: r.status, body: j };
        });
      });
    }
  };
})();
