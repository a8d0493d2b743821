// cvmatch visitor page: one query, one answer, one download. No dependencies, CSP-friendly
// (no inline code, no eval, DOM built with textContent only).
(function () {
  'use strict';

  var TRACKED = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref'];
  var MAX_LEN = 200;
  var TIMEOUT_MS = 15000;

  // The page's own UTM parameters, forwarded to every API call ("" or "?a=b&c=d").
  function trackingQuery() {
    var src = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    TRACKED.forEach(function (key) {
      var value = src.get(key);
      if (value !== null && value !== '') {
        out.set(key, value.slice(0, MAX_LEN));
      }
    });
    var s = out.toString();
    return s ? '?' + s : '';
  }

  function sendVisit() {
    var url = '/api/visit' + trackingQuery();
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url)) {
        return;
      }
    } catch (e) { /* fall through */ }
    if (window.fetch) {
      fetch(url, { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(function () {});
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clampScore(score) {
    var n = Number(score);
    if (!isFinite(n)) { return null; }
    return Math.max(0, Math.min(100, Math.round(n)));
  }

  // Only ever link to our own download endpoint.
  function safeDownloadHref(href) {
    return typeof href === 'string' && href.indexOf('/api/download?') === 0 ? href : null;
  }

  var form, input, button, result;

  function show(nodes, kind) {
    result.textContent = '';
    result.className = 'result ' + (kind || '');
    nodes.forEach(function (n) { result.appendChild(n); });
    result.removeAttribute('aria-busy');
  }

  function showMessage(kind, title, detail) {
    var box = el('div', 'message ' + kind);
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.appendChild(el('p', 'message-title', title));
    if (detail) { box.appendChild(el('p', 'message-detail', detail)); }
    show([box], kind);
  }

  function scoreLine(score) {
    var wrap = el('div', 'score');
    var id = 'score-label';
    var label = el('span', 'score-label', 'Match score: ' + score + ' / 100');
    label.id = id;
    var meter = el('meter');
    meter.min = 0; meter.max = 100; meter.low = 50; meter.high = 75; meter.optimum = 100;
    meter.value = score;
    meter.setAttribute('aria-labelledby', id);
    wrap.appendChild(label);
    wrap.appendChild(meter);
    return wrap;
  }

  function showMatch(data) {
    var pos = data.position || {};
    var score = clampScore(data.score);
    var href = safeDownloadHref(data.download);
    var card = el('div', 'match');
    card.appendChild(el('p', 'match-kicker', 'Best match'));
    card.appendChild(el('h2', 'match-title', pos.title || 'CV'));
    if (score !== null) { card.appendChild(scoreLine(score)); }
    if (data.detail) { card.appendChild(el('p', 'match-detail', data.detail)); }
    if (href) {
      var link = el('a', 'button download', 'Download CV (PDF)');
      link.id = 'download';
      link.href = href;
      link.setAttribute('rel', 'nofollow');
      link.addEventListener('click', function () {
        // The link works once: after the download has started, say so instead of offering a dead link.
        window.setTimeout(function () {
          var used = el('p', 'used', 'Download started. The link works once; search again for another copy.');
          used.id = 'download-used';
          if (link.parentNode) { link.parentNode.replaceChild(used, link); }
        }, 500);
      });
      card.appendChild(link);
      card.appendChild(el('p', 'hint', 'The download link is valid for 10 minutes.'));
    }
    show([card], 'matched');
  }

  function showNoMatch(data) {
    var score = clampScore(data.score);
    var detail = data.detail || 'Try the job title, for example “Backend developer”.';
    if (score !== null) { detail += ' (Best score: ' + score + ' / 100.)'; }
    showMessage('nomatch', 'No CV fits that position closely enough.', detail);
  }

  function showHttpError(status, data) {
    var detail = data && typeof data.detail === 'string' ? data.detail : '';
    if (status === 503 && data && data.error === 'busy') {
      // The embedding budget is spent: the detail names the positions that still answer.
      showMessage('error', 'Too many new searches right now.', detail);
    } else if (status === 503 || status === 502 || status === 504) {
      showMessage('error', 'The matcher is temporarily unavailable.', 'Please try again in a minute.');
    } else if (status === 429) {
      showMessage('error', 'Too many requests.', detail || 'Please wait a few seconds and try again.');
    } else if (status === 413) {
      showMessage('error', 'That text is too long.', detail || 'Please use at most 200 characters.');
    } else if (status >= 400 && status < 500) {
      showMessage('error', 'That did not work.', detail || 'Please check what you typed and try again.');
    } else {
      showMessage('error', 'Something went wrong on our side.', detail || 'Please try again in a moment.');
    }
  }

  function setBusy(busy) {
    button.disabled = busy;
    form.setAttribute('aria-busy', busy ? 'true' : 'false');
    button.textContent = busy ? 'Searching…' : 'Find CV';
    if (busy) {
      result.setAttribute('aria-busy', 'true');
    }
  }

  function submit(event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.setAttribute('aria-invalid', 'true');
      showMessage('error', 'Please type a position.', 'For example “Backend developer”.');
      input.focus();
      return;
    }
    if (text.length > MAX_LEN) {
      input.setAttribute('aria-invalid', 'true');
      showMessage('error', 'That text is too long.', 'Please use at most ' + MAX_LEN + ' characters.');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    setBusy(true);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;

    fetch('/api/match' + trackingQuery(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ position: text }),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().then(
        function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: null }; }
      );
    }).then(function (r) {
      if (r.status === 200 && r.data && r.data.matched === true) {
        showMatch(r.data);
      } else if (r.status === 200 && r.data && r.data.matched === false) {
        showNoMatch(r.data);
      } else {
        showHttpError(r.status === 200 ? 500 : r.status, r.data);
      }
    }).catch(function (err) {
      if (err && err.name === 'AbortError') {
        showMessage('error', 'The server took too long to answer.', 'Please try again in a moment.');
      } else {
        showMessage('error', 'Could not reach the server.', 'Check your connection and try again.');
      }
    }).then(function () {
      if (timer) { window.clearTimeout(timer); }
      setBusy(false);
    });
  }

  function init() {
    form = document.getElementById('match-form');
    input = document.getElementById('position');
    button = document.getElementById('submit');
    result = document.getElementById('result');
    if (!form || !input || !button || !result) { return; }
    input.setAttribute('maxlength', String(MAX_LEN));
    form.addEventListener('submit', submit);
    input.addEventListener('input', function () { input.removeAttribute('aria-invalid'); });
    sendVisit();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
