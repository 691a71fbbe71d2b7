// admin.js: the maintainers' review page.  Everything a contributor wrote
// is inserted with textContent; the only HTML inserted is the server's
// safe cmark-gfm rendering of the entry.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var api = window.ndAdmin.api;

  function showLogin(why) {
    $('login').hidden = false; $('queue').hidden = true; $('comments').hidden = true;
    $('month').hidden = true;
    $('login-error').textContent = typeof why === 'string' ? why : '';
    fetch('/api/v1/me', { credentials: 'same-origin' }).then(function (r) { return r.json(); })
      .then(function (me) {
        $('github-admin').hidden = !me.maintainer_signin;
        // what is missing, said before anyone tries
        var setup = $('setup-needed');
        if (me.maintainer_accounts === false) {
          setup.textContent = me.maintainer_signin
            ? 'No password account exists yet: sign in with GitHub as a member of the maintainers\' ' +
              'organisation, or on the server run `newsdesk user add NAME` (it asks for a password).'
            : 'Nobody can sign in yet: on the server run `newsdesk user add NAME` (it asks for a ' +
              'password), or configure GitHub sign-in (github.oauth_client_id, its secret and ' +
              'github.maintainers_org).';
          setup.hidden = false;
        } else {
          setup.hidden = true;
        }
      })
      .catch(function () {});
    $('l-user').focus();
  }
  function showQueue(user) {
    $('login').hidden = true; $('queue').hidden = false;
    $('who').textContent = 'Signed in as ' + user;
    document.dispatchEvent(new CustomEvent('nd:signed-in'));
    load();
  }

  var labels = { pending: 'waiting for review', approved: 'approved', pr_open: 'pull request open',
                 merged: 'merged', rejected: 'rejected', closed: 'PR closed',
                 changes_requested: 'changes requested', withdrawn: 'withdrawn' };
  var steps = { changes_requested: 'asked for changes', revised: 'revised it', withdrawn: 'withdrew it' };

  // who asked what, and what the contributor changed
  function renderHistory(node, s) {
    var list = s.history || [];
    var box = node.querySelector('.history');
    box.hidden = !list.length;
    var ol = box.querySelector('.steps');
    ol.textContent = '';
    list.forEach(function (e) {
      var li = document.createElement('li');
      li.className = 'step step-' + e.kind;
      var who = document.createElement('strong');
      who.textContent = e.actor;
      li.appendChild(who);
      var what = ' ' + (steps[e.kind] || e.kind) + ' · ' + new Date(e.at * 1000).toLocaleString();
      if (e.kind === 'changes_requested' && e.message) what += ': “' + e.message + '”';
      if (e.changed && e.changed.length) what += ' (changed ' + e.changed.join(', ') + ')';
      li.appendChild(document.createTextNode(what));
      ol.appendChild(li);
    });
  }

  function render(s) {
    var node = $('item').content.firstElementChild.cloneNode(true);
    node.id = 'sub-' + s.id;
    var f = s.fields || {};
    // a block's own heading names it when no name was given (a harvested entry)
    var heading = /^### \[`?([^`\]\n]+)`?\]/.exec(f.block || '');
    // a project's name is written as code in the entry: shown without its backticks
    var bare = function (x) { return (x || '').replace(/^`+|`+$/g, ''); };
    var several = Array.isArray(f.entries) ? f.entries : null;
    node.querySelector('.title').textContent = '#' + s.id + ' ' + s.section + ': ' +
      (several ? several.length + ' entries: ' + several.map(function (x) { return bare(x.name) || x.section; }).join(', ')
        : bare(f.name) || (f.replace ? 'update of ' + f.replace : heading ? heading[1] : '(Markdown block)'));
    node.querySelector('.status').textContent = labels[s.status] || s.status;
    var meta = node.querySelector('.meta');
    meta.textContent = 'by @' + s.author + ' ';
    var badge = document.createElement('span');
    if (s.source === 'harvest') {
      /* proposed by `newsdesk harvest` from the month's merged pull requests */
      badge.className = 'harvested';
      badge.textContent = 'harvested';
      badge.title = 'Collected by newsdesk from the month\'s merged pull requests; add the prose, comment out what is minor.';
      node.classList.add('from-harvest');
    } else {
      badge.className = s.author_verified ? 'verified' : 'unverified';
      badge.textContent = s.author_verified ? '✓ verified by GitHub' : 'not verified';
      badge.title = s.author_verified ? 'The contributor signed in with GitHub as this login.'
                                      : 'The login was typed in; anyone could have typed it.';
    }
    meta.appendChild(badge);
    meta.appendChild(document.createTextNode(' · ' + new Date(s.created_at * 1000).toLocaleString()));
    node.querySelector('.preview').innerHTML = s.html;
    renderChecks(node, s);
    node.querySelector('.gh-error').textContent = s.last_error ? 'GitHub: ' + s.last_error : '';
    node.querySelector('.note').textContent = s.note || (s.reason ? (s.status === 'changes_requested' ? 'Asked: ' : 'Reason: ') + s.reason : '');
    renderHistory(node, s);
    var clash = node.querySelector('.conflict');
    clash.hidden = !s.conflict;
    if (s.conflict) {
      clash.querySelector('.draft-now').textContent = s.conflict.draft_now;
      clash.querySelector('.update').textContent = s.conflict.update;
    }
    if (s.pr_url) {
      var a = document.createElement('a');
      a.href = s.pr_url; a.textContent = 'Pull request #' + s.pr_number; a.className = 'pr-link';
      node.querySelector('.pr').appendChild(a);
    }
    node.querySelectorAll('[data-field]').forEach(function (el) {
      el.value = f[el.getAttribute('data-field')] || '';
    });
    var pending = s.status === 'pending';
    var retry = s.status === 'approved' && s.last_error;
    // one entry's fields; several entries are edited as a whole through the API
    node.querySelector('.edit').hidden = !pending || !!several;
    node.querySelector('.diffbox').hidden = !pending;
    var asked = s.status === 'changes_requested';
    node.querySelector('.actions').hidden = !(pending || retry || asked);
    node.querySelector('.approve').hidden = asked;
    node.querySelector('.reject').hidden = !(pending || asked);
    node.querySelector('.ask').hidden = !pending;
    node.querySelector('.reason').hidden = !(pending || asked);
    if (retry) node.querySelector('.approve').textContent = 'Retry opening the pull request';

    node.querySelector('.diffbox').addEventListener('toggle', function (ev) {
      if (!ev.target.open) return;
      api('GET', '/api/v1/admin/submissions/' + s.id + '/diff').then(function (r) {
        var pre = node.querySelector('.diff');
        pre.textContent = '';
        var text = r.status === 200 ? r.body.diff : (r.body.error || {}).message || 'no diff';
        text.split('\n').forEach(function (line) {
          var span = document.createElement('span');
          span.textContent = line + '\n';
          if (line[0] === '+' && line.slice(0, 3) !== '+++') span.className = 'add';
          if (line[0] === '-' && line.slice(0, 3) !== '---') span.className = 'del';
          pre.appendChild(span);
        });
      });
    });
    editStructure(node, s, f);
    node.querySelector('.save').addEventListener('click', function () {
      var edits = {};
      node.querySelectorAll('[data-field]').forEach(function (el) {
        var k = el.getAttribute('data-field'), v = el.value.trim();
        if (v !== (f[k] || '')) edits[k] = v === '' ? null : v;
      });
      var sec = node.querySelector('.e-section').value;
      if (sec && sec !== s.section) edits.section = sec;
      var place = node.querySelector('.e-place').value;
      var had = (f.position && f.position.before) || '';
      if (place !== had) edits.position = place ? { before: place } : null;
      ['written_by', 'add_author'].forEach(function (k) {
        var on = node.querySelector('.e-' + k).checked;
        if (on !== !!f[k]) edits[k] = on ? true : null;
      });
      api('PATCH', '/api/v1/admin/submissions/' + s.id, edits).then(function (r) {
        if (r.status === 200) {
          // the links may have changed: the old checks give way to new ones
          var fresh = render(r.body);
          node.replaceWith(fresh);
          fresh.querySelector('.recheck').click();
        }
        else node.querySelector('.edit-error').textContent =
          ((r.body.error || {}).field ? r.body.error.field + ': ' : '') + ((r.body.error || {}).message || 'not saved');
      });
    });
    node.querySelector('.approve').addEventListener('click', function (ev) {
      ev.target.disabled = true;
      api('POST', '/api/v1/admin/submissions/' + s.id + '/approve').then(function (r) {
        if (r.status === 202) follow(s.id, node);
        else { ev.target.disabled = false; node.querySelector('.gh-error').textContent = (r.body.error || {}).message || 'refused'; }
      });
    });
    node.querySelector('.ask').addEventListener('click', function () {
      var message = node.querySelector('.reason').value.trim();
      if (!message) {
        node.querySelector('.gh-error').textContent = 'Say what should change: the contributor sees it on their status page.';
        node.querySelector('.reason').focus();
        return;
      }
      api('POST', '/api/v1/admin/submissions/' + s.id + '/request-changes', { message: message }).then(function (r) {
        if (r.status === 200) load();
        else node.querySelector('.gh-error').textContent = (r.body.error || {}).message || 'refused';
      });
    });
    node.querySelector('.reject').addEventListener('click', function () {
      var reason = node.querySelector('.reason').value.trim();
      if (!reason) {
        node.querySelector('.gh-error').textContent = 'Say why it is rejected: the contributor sees the reason on their status page.';
        node.querySelector('.reason').focus();
        return;
      }
      api('POST', '/api/v1/admin/submissions/' + s.id + '/reject', { reason: reason }).then(function (r) {
        if (r.status === 200) load();
        else node.querySelector('.gh-error').textContent = (r.body.error || {}).message || 'refused';
      });
    });
    return node;
  }

  // After approval: show progress until the pull request exists or fails.
  function follow(id, node, tries) {
    tries = tries || 0;
    node.querySelector('.status').textContent = 'opening pull request…';
    api('GET', '/api/v1/admin/submissions?status=').then(function (r) {
      var s = (r.body.submissions || []).filter(function (x) { return x.id === id; })[0];
      if (s && (s.status !== 'approved' || s.last_error || tries > 60)) node.replaceWith(render(s));
      else setTimeout(function () { follow(id, node, tries + 1); }, 1000);
    });
  }

  /* the live draft's sections, read once per page: the edit form offers
   * them, and the entries of the chosen one as places */
  var draftSections = null;
  function sections() {
    if (!draftSections)
      draftSections = fetch('/api/v1/draft', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { sections: [] }; })
        .then(function (d) { return (d.sections || []).filter(function (x) { return x.kind !== 'none'; }); })
        .catch(function () { return []; });
    return draftSections;
  }

  function editStructure(node, s, f) {
    var secSel = node.querySelector('.e-section'), placeSel = node.querySelector('.e-place');
    node.querySelector('.e-written_by').checked = !!f.written_by;
    node.querySelector('.e-add_author').checked = !!f.add_author;
    function option(sel, value, text) {
      var o = document.createElement('option'); o.value = value; o.textContent = text; sel.appendChild(o);
    }
    sections().then(function (list) {
      list.forEach(function (x) { option(secSel, x.title, x.title); });
      secSel.value = s.section;
      function places() {
        placeSel.textContent = '';
        option(placeSel, '', 'At the end of the section');
        var cur = list.filter(function (x) { return x.title === secSel.value; })[0];
        (cur ? cur.blocks : []).forEach(function (b) { option(placeSel, b, 'Before ' + b); });
        placeSel.value = (f.position && f.position.before) || '';
      }
      secSel.addEventListener('change', places);
      places();
    });
  }

  /* the checks before approval: each link's answer, duplicates, tracking
   * parameters; every value from the server is set as text */
  function renderChecks(node, s) {
    var list = node.querySelector('.check-list');
    list.textContent = '';
    var c = s.checks;
    if (!c) { list.appendChild(Object.assign(document.createElement('li'), { textContent: 'not run yet' })); }
    else if (!c.links.length) { list.appendChild(Object.assign(document.createElement('li'), { textContent: 'no links' })); }
    else c.links.forEach(function (l) {
      var li = document.createElement('li');
      var verdict = l.skipped ? 'skipped (the site\'s link checker skips it)'
        : l.ok ? 'OK ' + l.status : (l.error || ('HTTP ' + l.status));
      li.className = l.skipped ? 'check-skip' : l.ok ? 'check-ok' : 'check-bad';
      li.textContent = l.url + ' — ' + verdict;
      if (l.final_url) li.textContent += ' → ' + l.final_url + ' (' + l.redirects + ' redirects)';
      if (l.duplicate_of) li.textContent += ' · already in ' + l.duplicate_of.join(', ');
      if (l.tracking) li.textContent += ' · tracking parameters; clean: ' + l.clean_url;
      if (l.duplicate_of || l.tracking) li.className += ' check-warn';
      list.appendChild(li);
    });
    node.querySelector('.recheck').onclick = function () {
      api('POST', '/api/v1/admin/submissions/' + s.id + '/checks').then(function () {
        list.textContent = '';
        list.appendChild(Object.assign(document.createElement('li'), { textContent: 'checking…' }));
        var tries = 0, before = c && c.checked_at_ms;
        (function poll() {
          api('GET', '/api/v1/admin/submissions?status=' + s.status).then(function (r) {
            var f = (r.body.submissions || []).filter(function (x) { return x.id === s.id; })[0];
            if (f && f.checks && f.checks.checked_at_ms !== before) renderChecks(node, f);
            else if (++tries < 30) setTimeout(poll, 1000);
          });
        })();
      });
    };
  }

  function load() {
    var status = $('status-filter').value;
    $('queue-message').textContent = 'Loading…';
    api('GET', '/api/v1/admin/submissions' + (status ? '?status=' + status : '')).then(function (r) {
      if (r.status === 401) { showLogin(); return; }
      var items = $('items');
      items.textContent = '';
      var list = r.body.submissions || [];
      // the month view follows every change of the queue
      document.dispatchEvent(new CustomEvent('nd:changed'));
      $('queue-message').textContent = list.length ? '' : 'Nothing here.';
      list.forEach(function (s) { items.appendChild(render(s)); });
    });
  }

  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/api/v1/admin/login', { username: $('l-user').value, password: $('l-pass').value })
      .then(function (r) {
        if (r.status === 200) { ndAdmin.setCsrf(r.body.csrf_token); $('l-pass').value = ''; showQueue(r.body.user); }
        else $('login-error').textContent = (r.body.error || {}).message || 'Sign-in failed';
      });
  });
  $('logout').addEventListener('click', function () {
    api('POST', '/api/v1/admin/logout').then(function () { ndAdmin.setCsrf(null); showLogin(); });
  });
  $('status-filter').addEventListener('change', load);

  api('GET', '/api/v1/admin/session').then(function (r) {
    if (r.status === 200) { ndAdmin.setCsrf(r.body.csrf_token); showQueue(r.body.user); }
    else showLogin();
  });
  // the month view's harvest added proposals to the queue
  document.addEventListener('nd:harvested', load);
  document.addEventListener('nd:signed-out', function (ev) {
    ndAdmin.setCsrf(null);
    showLogin(ev.detail || 'Your session ended; sign in again.');
  });
  // the queue follows by itself: every 30 s, unless the tab is hidden or the
  // maintainer is typing or has a card's details open
  setInterval(function () {
    if (document.hidden || $('queue').hidden) return;
    var busy = document.activeElement && /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName);
    if (busy || document.querySelector('#items details[open]')) return;
    load();
  }, 30000);
})();
