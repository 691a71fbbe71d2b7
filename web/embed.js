/* embed.js: the newsdesk comment widget.
 *
 *   <h2 id="comment-form">Comments</h2>
 *   <div class="comments">
 *     <script src="https://NEWSDESK/embed.js" data-page="/this-month/2021-12/" async></script>
 *     <noscript><iframe src="https://NEWSDESK/comments?page=/this-month/2021-12/"
 *       title="Comments" style="width:100%;height:900px;border:0" loading="lazy"></iframe></noscript>
 *   </div>
 *
 * (the README's snippet, the one embedding).  Talks only to the server it
 * was loaded from; no framework, no other requests.  Optional attributes:
 * data-theme="light|dark|auto" (auto: follow the page's background, else
 * prefers-color-scheme); data-heading="none" leaves out the widget's own
 * "N comments" heading, under a page's own "Comments".
 * Reactions (GitHub's eight) sit under the heading for the page and under
 * each comment: one click reacts, a second takes it back.
 * Comment HTML comes from the server's safe renderer; everything else a
 * person typed is set as text, never as markup.
 */
(function () {
  'use strict';
  var script = document.currentScript ||
    document.querySelector('script[src*="embed.js"][data-page]');
  if (!script) return;
  var base = new URL(script.src, location.href).origin;
  var page = script.getAttribute('data-page') || location.pathname;
  var host = script.parentNode;
  var KEY = 'newsdesk:comments';

  var link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = base + '/embed.css';
  document.head.appendChild(link);

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function api(method, path, body, token) {
    var h = {};
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (token) h.Authorization = 'Bearer ' + token;
    return fetch(base + path, {
      method: method, headers: h, mode: 'cors', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      if (r.status === 204) return {};
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var e = new Error((j.error && j.error.message) || ('HTTP ' + r.status));
          e.field = j.error && j.error.field;
          throw e;
        }
        return j;
      });
    });
  }

  /* what this browser posted: edit tokens and the Markdown, until the
   * edit window closes (pending ones are shown to their author only) */
  function mine() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function keep(all) {
    var now = Date.now();
    for (var id in all) if (all[id].until < now) delete all[id];
    try { localStorage.setItem(KEY, JSON.stringify(all)); } catch (e) { /* private mode */ }
  }

  var rtf = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
  function ago(iso) {
    var s = (new Date(iso).getTime() - Date.now()) / 1000;
    var units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400],
      ['hour', 3600], ['minute', 60], ['second', 1]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(s) >= units[i][1] || units[i][0] === 'second') {
        var n = Math.round(s / units[i][1]);
        return rtf ? rtf.format(n, units[i][0]) : new Date(iso).toLocaleString();
      }
    }
  }

  function avatar(c) {
    if (c.verified && c.avatar_url)
      return el('img', { 'class': 'nd-avatar', alt: '', width: '28', height: '28', src: c.avatar_url, loading: 'lazy', referrerpolicy: 'no-referrer' });
    var hue = parseInt((c.avatar || '0').slice(0, 4), 16) % 360;
    var a = el('span', { 'class': 'nd-avatar', 'aria-hidden': 'true', text: (c.author || '?').trim().charAt(0).toUpperCase() });
    a.style.background = 'hsl(' + hue + ',45%,45%)';
    return a;
  }

  /* auto: the page's own background decides; a page without one is as
   * dark as its declared color-scheme lets the system make it */
  var darkQuery = window.matchMedia ? matchMedia('(prefers-color-scheme: dark)') : null;
  function theme(root) {
    var want = script.getAttribute('data-theme') || 'auto';
    if (want === 'dark' || want === 'light') root.classList.add('nd-boxed');
    if (want === 'auto') {
      var bg = null;
      [document.body, document.documentElement].some(function (n) {
        var c = getComputedStyle(n).backgroundColor.match(/[\d.]+/g);
        if (c && (c.length < 4 || +c[3] > 0)) { bg = c; return true; }
        return false;
      });
      if (bg) {
        want = 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2] < 128 ? 'dark' : 'light';
      } else {
        var scheme = getComputedStyle(document.documentElement).colorScheme || '';
        want = scheme.indexOf('dark') >= 0 && darkQuery && darkQuery.matches ? 'dark' : 'light';
      }
    }
    root.setAttribute('data-theme', want);
  }

  var root = el('section', { 'class': 'nd-root', 'aria-label': 'Comments' });
  host.insertBefore(root, script);
  theme(root);
  if (darkQuery && darkQuery.addEventListener)
    darkQuery.addEventListener('change', function () { theme(root); });
  var title = el('h2', { 'class': 'nd-title', text: 'Comments' });
  if (script.getAttribute('data-heading') === 'none') title.hidden = true;
  var list = el('div', { 'class': 'nd-list', 'aria-live': 'polite' });
  var notice = el('p', { 'class': 'nd-notice', role: 'status', hidden: '' });
  root.appendChild(title);
  var pageBar = el('div');
  root.appendChild(pageBar);
  root.appendChild(list);
  root.appendChild(notice);

  var comments = [];

  /* ---- reactions: counts come with the (shared, cached) thread, the
   * reader's own from /api/v1/reactions/mine; an anonymous reader is the
   * signed token the server handed out with their first reaction ---- */
  var REACTIONS = [['+1', '👍', 'thumbs up'], ['-1', '👎', 'thumbs down'], ['laugh', '😄', 'laugh'],
    ['hooray', '🎉', 'hooray'], ['confused', '😕', 'confused'], ['heart', '❤️', 'heart'],
    ['rocket', '🚀', 'rocket'], ['eyes', '👀', 'eyes']];
  var pageCounts = {}, minePage = [], mineOf = {};
  function reader(body) {
    if (gh) body.github_token = gh.token;
    else try { var t = localStorage.getItem(KEY + ':reader'); if (t) body.reader_token = t; } catch (e) { /* none yet */ }
    return body;
  }
  function bar(c) {
    var counts = c ? c.reactions || {} : pageCounts, own = c ? mineOf[c.id] || [] : minePage;
    var g = el('div', { 'class': 'nd-reactions', role: 'group', 'aria-label': c ? 'Reactions to ' + c.author + '’s comment' : 'Reactions to this page' });
    REACTIONS.forEach(function (r) {
      var n = counts[r[0]] || 0, on = own.indexOf(r[0]) >= 0;
      var b = el('button', { type: 'button', 'class': 'nd-react' + (n ? '' : ' nd-none'), title: r[2], 'aria-pressed': String(on),
        'aria-label': r[2] + ': ' + n + (on ? ', yours' : ''), text: r[1] });
      if (n) b.appendChild(el('span', { 'class': 'nd-count', text: String(n) }));
      b.addEventListener('click', function () {
        b.disabled = true;
        var body = reader({ page: page, content: r[0] });
        if (c) body.comment = c.id;
        api(on ? 'DELETE' : 'POST', '/api/v1/reactions', body).then(function (j) {
          try { if (j.reader_token) localStorage.setItem(KEY + ':reader', j.reader_token); } catch (e) { /* this visit only */ }
          if (c) { c.reactions = j.reactions; mineOf[c.id] = j.mine; } else { pageCounts = j.reactions; minePage = j.mine; }
          var nb = bar(c);
          g.parentNode.replaceChild(nb, g);
          nb.querySelectorAll('button')[REACTIONS.indexOf(r)].focus();
        }).catch(function (e) { b.disabled = false; say(e.message, true); if (e.field === 'github_token') signedOut(); });
      });
      g.appendChild(b);
    });
    return g;
  }
  function loadMine() {
    var body = reader({ page: page });
    if (!body.github_token && !body.reader_token) return Promise.resolve();
    return api('POST', '/api/v1/reactions/mine', body).then(function (j) {
      minePage = j.mine.page; mineOf = j.mine.comments;
    }).catch(function () { /* counts without the reader's own */ });
  }

  function say(text, isError) {
    notice.textContent = text;
    notice.hidden = !text;
    notice.classList.toggle('nd-notice-error', !!isError);
  }

  function render() {
    list.textContent = '';
    var own = mine();
    var shown = comments.slice();
    for (var id in own) {
      if (own[id].page === page && own[id].pending && !shown.some(function (c) { return c.id === +id; }))
        shown.push({ id: +id, parent: own[id].parent || null, author: own[id].author, avatar: own[id].avatar || '', avatar_url: own[id].avatar_url, verified: !!own[id].avatar_url, html: own[id].html, created_at: own[id].created_at, pending: true });
    }
    /* a token stored for comment N of another database (a site moved, a
     * test server) must not put Edit on someone else's comment */
    function ownOf(c) {
      var m = own[c.id];
      return m && (c.pending || m.created_at === c.created_at) ? m : null;
    }
    pageBar.textContent = '';
    pageBar.appendChild(bar(null));
    var n = comments.length;
    var waiting = shown.length - n;
    title.textContent = (n === 1 ? '1 comment' : n + ' comments') +
      (waiting > 0 ? ' · ' + waiting + ' awaiting moderation' : '');
    function branch(parent, depth) {
      var kids = shown.filter(function (c) { return (c.parent || null) === parent; });
      if (!kids.length) return null;
      var ol = el('ol', { 'class': depth ? 'nd-thread nd-replies' : 'nd-thread' });
      kids.forEach(function (c) { ol.appendChild(item(c, ownOf(c), depth)); });
      return ol;
    }
    var top = branch(null, 0);
    if (top) list.appendChild(top);
    else list.appendChild(el('p', { 'class': 'nd-empty', text: 'No comments yet. Be the first!' }));
    /* replies whose parent is gone (deleted) stay visible at the top */
    shown.forEach(function (c) {
      if (c.parent && !shown.some(function (p) { return p.id === c.parent; })) {
        var ol = el('ol', { 'class': 'nd-thread' }, [item(c, ownOf(c), 0)]);
        list.appendChild(ol);
      }
    });

    function item(c, mineOf, depth) {
      /* a verified login links to its GitHub profile and carries the mark;
       * a typed name never can (the server refuses names starting with @) */
      var who = c.verified
        ? el('a', { 'class': 'nd-author nd-verified', href: 'https://github.com/' + encodeURIComponent(c.author), rel: 'nofollow noopener', title: 'Signed in with GitHub', text: '@' + c.author + ' ✓' })
        : c.website
        ? el('a', { 'class': 'nd-author', href: c.website, rel: 'nofollow ugc noopener', text: c.author })
        : el('span', { 'class': 'nd-author', text: c.author });
      /* a signed-in author may change their comments from any browser */
      if (!mineOf && gh && c.verified && c.author.toLowerCase() === gh.login.toLowerCase())
        mineOf = { token: gh.token, until: Date.parse(c.created_at) + editWindowMs, body: null };
      var when = el('time', { datetime: c.created_at, title: new Date(c.created_at).toLocaleString(), text: ago(c.created_at) });
      var meta = el('div', { 'class': 'nd-meta' }, [avatar(c), who, document.createTextNode(' · '), when]);
      if (c.edited_at) meta.appendChild(document.createTextNode(' · edited'));
      if (c.pending) meta.appendChild(el('span', { 'class': 'nd-badge', text: 'awaiting moderation' }));
      var body = el('div', { 'class': 'nd-body' });
      body.innerHTML = c.html; /* the server's safe rendering */
      var li = el('li', { 'class': 'nd-comment', id: 'comment-' + c.id }, [meta, body, c.pending ? null : bar(c)]);
      var actions = el('div', { 'class': 'nd-actions' });
      if (!c.pending) actions.appendChild(el('button', { type: 'button', 'class': 'nd-link', text: 'Reply', 'aria-label': 'Reply to ' + c.author, onclick: function () { replyTo(c, li); } }));
      if (mineOf && mineOf.until > Date.now()) {
        actions.appendChild(el('button', { type: 'button', 'class': 'nd-link', text: 'Edit', onclick: function () { edit(c, mineOf, body, actions); } }));
        actions.appendChild(el('button', { type: 'button', 'class': 'nd-link', text: 'Delete', onclick: function () { remove(c, mineOf); } }));
      }
      li.appendChild(actions);
      var sub = branch(c.id, depth + 1);
      if (sub) li.appendChild(sub);
      return li;
    }
  }

  function load() {
    return api('GET', '/api/v1/comments?page=' + encodeURIComponent(page)).then(function (j) {
      comments = j.comments || [];
      pageCounts = j.reactions || {};
      var own = mine(), changed = false;
      comments.forEach(function (c) { if (own[c.id] && own[c.id].pending) { own[c.id].pending = false; changed = true; } });
      if (changed) keep(own);
      return loadMine();
    }).then(function () {
      render();
      if (location.hash.indexOf('#comment-') === 0) {
        var t = document.getElementById(location.hash.slice(1));
        if (t) t.scrollIntoView();
      }
    }).catch(function (e) {
      // a browser says only "Failed to fetch" when CORS refuses: the usual
      // cause is a site not allowed yet, so tell its owner where to look
      say('Comments could not be loaded (' + e.message + '). If you run this site: is ' +
        location.origin + ' in newsdesk\'s server.allowed_origins?', true);
    });
  }

  function edit(c, m, body, actions) {
    var ta = el('textarea', { 'class': 'nd-input', rows: '4', 'aria-label': 'Edit your comment' });
    ta.value = m.body || '';
    // written in another browser (a GitHub sign-in's): its Markdown is the server's
    if (m.body === null) {
      ta.disabled = true;
      api('GET', '/api/v1/comments/' + c.id, undefined, m.token).then(function (j) {
        ta.value = j.body; ta.disabled = false; ta.focus();
      }).catch(function (e) { err.textContent = e.message; err.hidden = false; });
    }
    var err = el('p', { 'class': 'nd-error', role: 'alert', hidden: '' });
    var save = el('button', { type: 'button', 'class': 'nd-button', text: 'Save', onclick: function () {
      api('PATCH', '/api/v1/comments/' + c.id, { body: ta.value }, m.token).then(function (j) {
        var all = mine();
        if (all[c.id]) { all[c.id].body = ta.value; all[c.id].html = j.html; all[c.id].pending = j.status === 'pending'; keep(all); }
        if (j.status === 'pending') say('Your edit waits for a moderator.');
        return load();
      }).catch(function (e) { err.textContent = e.message; err.hidden = false; });
    } });
    var cancel = el('button', { type: 'button', 'class': 'nd-link', text: 'Cancel', onclick: render });
    body.textContent = '';
    body.appendChild(ta);
    body.appendChild(err);
    actions.textContent = '';
    actions.appendChild(save);
    actions.appendChild(cancel);
    ta.focus();
  }

  function remove(c, m) {
    if (!confirm('Delete your comment?')) return;
    api('DELETE', '/api/v1/comments/' + c.id, undefined, m.token).then(function () {
      var all = mine();
      delete all[c.id];
      keep(all);
      return load();
    }).catch(function (e) { say(e.message); });
  }

  /* ---- the form ---- */
  var formToken = null;
  function fetchToken() {
    return api('GET', '/api/v1/comments/form-token').then(function (j) {
      formToken = j.form_token;
      if (j.edit_window_minutes >= 0) editWindowMs = j.edit_window_minutes * 60000;
      if (signinOffered !== !!j.github_signin) { signinOffered = !!j.github_signin; showSignin(); }
      if (mailOn !== !!j.mail) { mailOn = !!j.mail; showSignin(); }
    }).catch(function () {});
  }

  function field(name, label, type, attrs) {
    var id = 'nd-' + name;
    var input = type === 'textarea' ? el('textarea', Object.assign({ id: id, name: name, 'class': 'nd-input', rows: '5' }, attrs))
      : el('input', Object.assign({ id: id, name: name, type: type, 'class': 'nd-input' }, attrs));
    return { wrap: el('p', { 'class': 'nd-field' }, [el('label', { 'for': id, text: label }), input]), input: input };
  }

  var parentId = null;
  var replying = el('p', { 'class': 'nd-replying', hidden: '' });
  var fName = field('author', 'Name', 'text', { required: '', maxlength: '80', autocomplete: 'name' });
  var fMail = field('email', 'Email (optional, never shown)', 'email', { maxlength: '254', autocomplete: 'email' });
  // reply mails: offered only when the service can send them, usable with an email
  var fNotify = el('input', { id: 'nd-notify', name: 'notify_replies', type: 'checkbox', disabled: '' });
  var notifyWrap = el('p', { 'class': 'nd-field nd-check', hidden: '' }, [fNotify, el('label', { 'for': 'nd-notify', text: ' Tell me about replies by email' })]);
  fMail.input.addEventListener('input', function () { fNotify.disabled = !fMail.input.value; if (!fMail.input.value) fNotify.checked = false; });
  var fSite = field('website', 'Website (optional)', 'url', { maxlength: '300', autocomplete: 'url' });
  var fBody = field('body', 'Comment (Markdown)', 'textarea', { required: '' });
  var trap = el('p', { 'class': 'nd-hp', 'aria-hidden': 'true' }, [el('label', { 'for': 'nd-fax', text: 'Fax' }), el('input', { id: 'nd-fax', name: 'hp_fax', type: 'text', tabindex: '-1', autocomplete: 'off' })]);
  var preview = el('div', { 'class': 'nd-body nd-preview', hidden: '', 'aria-live': 'polite' });
  var err = el('p', { 'class': 'nd-error', role: 'alert', hidden: '' });
  var send = el('button', { type: 'submit', 'class': 'nd-button', text: 'Post comment' });
  var show = el('button', { type: 'button', 'class': 'nd-link', text: 'Preview' });
  var signin = el('p', { 'class': 'nd-signin' });
  var form = el('form', { 'class': 'nd-form', novalidate: '' }, [replying, signin, fName.wrap, fMail.wrap, notifyWrap, fSite.wrap, fBody.wrap, trap, preview, err, el('p', { 'class': 'nd-row' }, [send, show])]);
  root.appendChild(form);

  /* ---- GitHub sign-in: a popup on newsdesk's origin hands back a signed,
   * expiring identity token by postMessage (no cookies across sites) ---- */
  var gh = null;
  var signinOffered = false;   // the service says so with its form token
  var mailOn = false;          // ... and whether it sends mail
  var editWindowMs = 15 * 60000;   // comments.edit_window_minutes, from the form token
  try {
    gh = JSON.parse(localStorage.getItem(KEY + ':github'));
    if (!gh || !gh.token || gh.expires_at * 1000 <= Date.now()) gh = null;
  } catch (e) { gh = null; }
  /* a sign-in the server no longer takes (expired): back to anonymous */
  function signedOut() { gh = null; try { localStorage.removeItem(KEY + ':github'); } catch (x) { /* fine */ } showSignin(); }
  function showSignin() {
    signin.textContent = '';
    fName.wrap.hidden = fMail.wrap.hidden = !!gh;
    notifyWrap.hidden = !!gh || !mailOn;
    if (gh) {
      if (gh.avatar_url) signin.appendChild(el('img', { 'class': 'nd-avatar', alt: '', width: '20', height: '20', src: gh.avatar_url, referrerpolicy: 'no-referrer' }));
      signin.appendChild(document.createTextNode(' Commenting as '));
      signin.appendChild(el('strong', { 'class': 'nd-verified', text: '@' + gh.login + ' ✓' }));
      signin.appendChild(document.createTextNode(' · '));
      signin.appendChild(el('button', { type: 'button', 'class': 'nd-link', text: 'Sign out', onclick: function () {
        gh = null;
        try { localStorage.removeItem(KEY + ':github'); } catch (e) { /* fine */ }
        showSignin(); minePage = []; mineOf = {}; loadMine().then(render);
      } }));
    } else if (signinOffered) {
      signin.appendChild(el('button', { type: 'button', 'class': 'nd-button nd-github', text: 'Sign in with GitHub', onclick: function () {
        window.open(base + '/auth/github/login?for=comment&origin=' + encodeURIComponent(location.origin),
          'newsdesk-signin', 'width=640,height=720');
      } }));
      signin.appendChild(document.createTextNode(' or comment with a name:'));
    }
  }
  window.addEventListener('message', function (ev) {
    if (ev.origin !== base || !ev.data || ev.data.type !== 'newsdesk:github-signin') return;
    gh = { token: ev.data.token, login: ev.data.login, avatar_url: ev.data.avatar_url, expires_at: ev.data.expires_at };
    try { localStorage.setItem(KEY + ':github', JSON.stringify(gh)); } catch (e) { /* this visit only */ }
    showSignin(); minePage = []; mineOf = {}; loadMine().then(render);
  });
  showSignin();

  try {
    var who = JSON.parse(localStorage.getItem(KEY + ':me')) || {};
    fName.input.value = who.author || '';
    fMail.input.value = who.email || '';
    fNotify.disabled = !fMail.input.value;
    fSite.input.value = who.website || '';
  } catch (e) { /* nothing remembered */ }

  function replyTo(c, li) {
    parentId = c.id;
    replying.textContent = 'Replying to ' + c.author + ' · ';
    replying.appendChild(el('button', { type: 'button', 'class': 'nd-link', text: 'cancel', onclick: function () {
      parentId = null; replying.hidden = true; root.appendChild(form);
    } }));
    replying.hidden = false;
    li.appendChild(form);
    fBody.input.focus();
  }

  show.addEventListener('click', function () {
    if (!preview.hidden) { preview.hidden = true; show.textContent = 'Preview'; return; }
    api('POST', '/api/v1/preview', { markdown: fBody.input.value, comment: true }).then(function (j) {
      preview.innerHTML = j.html || '<p><em>Nothing to preview.</em></p>';
      preview.hidden = false;
      show.textContent = 'Hide preview';
    }).catch(function (e) { err.textContent = e.message; err.hidden = false; });
  });

  // an error is about what was sent: once the field it names changes, it goes
  var errField = null;
  form.addEventListener('input', function (ev) {
    if (!err.hidden && (!errField || (ev.target && ev.target.name === errField))) err.hidden = true;
  });

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    err.hidden = true;
    var body = { page: page, author: fName.input.value, body: fBody.input.value };
    if (gh) { body.github_token = gh.token; delete body.author; }
    if (fMail.input.value && !gh) body.email = fMail.input.value;
    if (fSite.input.value) body.website = fSite.input.value;
    if (body.email && mailOn && fNotify.checked) body.notify_replies = true;
    if (parentId) body.parent = parentId;
    var fax = form.querySelector('[name=hp_fax]').value;
    if (fax) body.hp_fax = fax;
    if (formToken) body.form_token = formToken;
    // proof of an earlier comment: "first-time" moderation trusts it, not a name
    try { var proof = localStorage.getItem(KEY + ':author'); if (proof) body.author_token = proof; } catch (e) { /* none */ }
    send.disabled = true;
    api('POST', '/api/v1/comments', body).then(function (j) {
      var all = mine();
      all[j.id] = { token: j.edit_token, until: new Date(j.edit_until).getTime(), page: page,
        body: body.body, html: j.html, author: gh ? gh.login : body.author, parent: body.parent || null,
        created_at: j.created_at, pending: j.status === 'pending', avatar: j.avatar,
        avatar_url: j.avatar_url };
      keep(all);
      if (!gh) try { localStorage.setItem(KEY + ':me', JSON.stringify({ author: body.author, email: body.email, website: body.website })); } catch (e) { /* fine */ }
      try { if (j.author_token) localStorage.setItem(KEY + ':author', j.author_token); } catch (e) { /* fine */ }
      fBody.input.value = '';
      fNotify.checked = false;
      preview.hidden = true;
      show.textContent = 'Preview';
      parentId = null;
      replying.hidden = true;
      root.appendChild(form);
      say(j.status === 'pending' ? 'Thank you! Your comment waits for a moderator and will appear once approved.' : 'Thank you! Your comment is published.');
      fetchToken();
      return load();
    }).catch(function (e) {
      // a field the reader never saw (the form token) is not named
      var seen = e.field && e.field !== 'comment' && e.field !== 'form_token' && e.field !== 'request';
      err.textContent = (seen ? e.field + ': ' : '') + e.message;
      err.hidden = false;
      errField = e.field || null;
      if (e.field === 'form_token') fetchToken();
      if (e.field === 'github_token') signedOut();
    }).then(function () { send.disabled = false; });
  });

  fetchToken();
  load();
})();
