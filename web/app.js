// cvmatch visitor page: a position button or the text field asks /api/match, the answer offers
// the download. No dependencies, CSP-friendly (no inline code, no eval, DOM built with
// textContent only). The page itself (profile, positions) is rendered by `cvctl site`.
(function () {
  'use strict';

  var TRACKED = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'ref', 'dub_id'];
  var UTM_MAX = 200;
  var DEFAULT_MAX_CHARS = 6000;   // MatchRequest.maximumPositionCharacters; the page says data-max
  var TIMEOUT_MS = 15000;

  // The host of the page that linked here ("" when none). Only the host leaves the page on
  // match calls; the site normalises it and drops its own name.
  function referrerHost() {
    try {
      return document.referrer ? new URL(document.referrer).hostname : '';
    } catch (e) {
      return '';
    }
  }

  // The page's own UTM parameters, forwarded to every API call ("" or "?a=b&c=d"); match calls
  // also carry the referring host, so the download it leads to is attributed like the visit.
  function trackingQuery(withReferrer) {
    var src = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    TRACKED.forEach(function (key) {
      var value = src.get(key);
      if (value !== null && value !== '') {
        out.set(key, value.slice(0, UTM_MAX));
      }
    });
    var host = withReferrer ? referrerHost() : '';
    if (host) { out.set('referrer', host.slice(0, UTM_MAX)); }
    var s = out.toString();
    return s ? '?' + s : '';
  }

  // The visit beacon: {"referrer": document.referrer} as its body (sent as text/plain, which
  // sendBeacon allows without a preflight; the site reads it as JSON and keeps only the host).
  function sendVisit() {
    var url = '/api/visit' + trackingQuery(false);
    var body = JSON.stringify({ referrer: document.referrer || '' });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body)) {
        return;
      }
    } catch (e) { /* fall through */ }
    if (window.fetch) {
      fetch(url, { method: 'POST', keepalive: true, credentials: 'same-origin',
                   headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: body }).catch(function () {});
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

  // Characters as the server counts them closely enough: code points, not UTF-16 units.
  function charCount(text) {
    return Array.from(text).length;
  }

  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // Only ever link to our own download endpoint.
  function safeDownloadHref(href) {
    return typeof href === 'string' && href.indexOf('/api/download?') === 0 ? href : null;
  }

  var form, input, button, result, hint, hintText, chips, maxChars;

  // Shows the answer and moves focus to it, whatever started the search (button, Enter, chip).
  function show(nodes) {
    result.textContent = '';
    nodes.forEach(function (n) { result.appendChild(n); });
    result.removeAttribute('aria-busy');
    result.focus();
  }

  function showMessage(kind, title, detail) {
    var box = el('div', 'message ' + kind);
    box.appendChild(el('p', 'message-title', title));
    if (detail) { box.appendChild(el('p', 'message-detail', detail)); }
    show([box]);
  }

  // "Score 87 of 100" and what it measures, one line, after the verdict.
  function scoreLine(score, matched) {
    var line = el('p', 'score-line');
    line.appendChild(el('strong', null, 'Score ' + score + ' of 100'));
    line.appendChild(document.createTextNode(matched
      ? ' — how closely your text fits the roles this CV was written for; 50 or more is a match.'
      : ' — how closely your text fits the closest of my CVs; 50 or more would be a match.'));
    return line;
  }

  function verdictWords(score) {
    return score !== null && score >= 75 ? 'Strong match' : 'Good match';
  }

  function showMatch(data) {
    var pos = data.position || {};
    var score = clampScore(data.score);
    var href = safeDownloadHref(data.download);
    var card = el('div', 'answer matched');
    var heading = el('h3', 'verdict');
    heading.appendChild(el('span', 'verdict-words', verdictWords(score)));
    heading.appendChild(document.createTextNode(': ' + (pos.title || 'CV')));
    card.appendChild(heading);
    if (score !== null) { card.appendChild(scoreLine(score, true)); }
    if (href) {
      var link = el('a', 'button download', 'Download the ' + (pos.title || '') + ' CV (PDF)');
      link.id = 'download';
      link.href = href;
      link.setAttribute('rel', 'nofollow');
      link.addEventListener('click', function () {
        // The link works once: after the download has started, say so instead of offering a dead link.
        window.setTimeout(function () {
          var used = el('p', 'used', 'Download started. The link works once; ask again for another copy.');
          used.id = 'download-used';
          if (link.parentNode) { link.parentNode.replaceChild(used, link); }
        }, 500);
      });
      card.appendChild(link);
    }
    // The server's sentence says how long the link is valid: shown once, here.
    if (data.detail) { card.appendChild(el('p', 'detail', data.detail)); }
    show([card]);
  }

  function showNoMatch(data) {
    var score = clampScore(data.score);
    var card = el('div', 'answer nomatch');
    card.appendChild(el('h3', 'verdict', 'No CV for this role'));
    if (score !== null) { card.appendChild(scoreLine(score, false)); }
    card.appendChild(el('p', 'detail', data.detail || 'None of my CVs fits that position.'));
    if (chips.length) {
      var offers = el('div', 'offers');
      offers.setAttribute('role', 'group');
      offers.setAttribute('aria-label', 'CVs I have');
      chips.forEach(function (chip) {
        var again = el('button', 'chip', chip.getAttribute('data-position'));
        again.type = 'button';
        again.addEventListener('click', function () { search(chip.getAttribute('data-position')); });
        offers.appendChild(again);
      });
      card.appendChild(offers);
    }
    show([card]);
  }

  function tooLongMessage(count) {
    showMessage('error', 'That text is too long.',
      'It has ' + grouped(count) + ' characters; at most ' + grouped(maxChars) +
      ' fit. The job title and the first paragraphs of the ad are enough.');
  }

  function showHttpError(status, data) {
    var detail = data && typeof data.detail === 'string' ? data.detail : '';
    var code = data && typeof data.error === 'string' ? data.error : '';
    if (status === 503 && code === 'busy') {
      // The embedding budget is spent: the detail names the positions that still answer.
      showMessage('error', 'Too many new searches right now.', detail);
    } else if (status === 503 || status === 502 || status === 504) {
      showMessage('error', 'The matcher is temporarily unavailable.', 'Please try again in a minute.');
    } else if (status === 429) {
      showMessage('error', 'Too many requests.', detail || 'Please wait a few seconds and try again.');
    } else if (status === 413 || code === 'position_too_long') {
      showMessage('error', 'That text is too long.', detail || 'Please use at most ' + grouped(maxChars) + ' characters.');
    } else if (status >= 400 && status < 500) {
      showMessage('error', 'That did not work.', detail || 'Please check what you typed and try again.');
    } else {
      showMessage('error', 'Something went wrong on our side.', detail || 'Please try again in a moment.');
    }
  }

  var busy = false;

  function setBusy(on) {
    busy = on;
    button.disabled = on;
    chips.forEach(function (chip) { chip.disabled = on; });
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    button.textContent = on ? 'Searching…' : 'Find my CV';
    if (on) { result.setAttribute('aria-busy', 'true'); }
  }

  // Live length check: the hint turns into the count once the text is over the limit.
  function updateHint() {
    var count = charCount(input.value.trim());
    if (count > maxChars) {
      input.setAttribute('aria-invalid', 'true');
      hint.className = 'hint over';
      hint.textContent = grouped(count) + ' characters: ' + grouped(count - maxChars) +
        ' over the limit of ' + grouped(maxChars) + '.';
    } else {
      input.removeAttribute('aria-invalid');
      hint.className = 'hint';
      hint.textContent = hintText;
    }
  }

  function search(text) {
    if (busy) { return; }
    setBusy(true);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;

    fetch('/api/match' + trackingQuery(true), {
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
      setBusy(false);
      if (r.status === 200 && r.data && r.data.matched === true) {
        showMatch(r.data);
      } else if (r.status === 200 && r.data && r.data.matched === false) {
        showNoMatch(r.data);
      } else {
        showHttpError(r.status === 200 ? 500 : r.status, r.data);
      }
    }).catch(function (err) {
      setBusy(false);
      if (err && err.name === 'AbortError') {
        showMessage('error', 'The server took too long to answer.', 'Please try again in a moment.');
      } else {
        showMessage('error', 'Could not reach the server.', 'Check your connection and try again.');
      }
    }).then(function () {
      if (timer) { window.clearTimeout(timer); }
    });
  }

  function submit(event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.setAttribute('aria-invalid', 'true');
      showMessage('error', 'Please type a position or paste a job ad.', 'For example “Backend developer”, or pick one of the CVs above.');
      return;
    }
    var count = charCount(text);
    if (count > maxChars) {
      input.setAttribute('aria-invalid', 'true');
      tooLongMessage(count);
      return;
    }
    input.removeAttribute('aria-invalid');
    search(text);
  }

  function init() {
    form = document.getElementById('match-form');
    input = document.getElementById('position');
    button = document.getElementById('submit');
    result = document.getElementById('result');
    hint = document.getElementById('position-hint');
    if (!form || !input || !button || !result || !hint) { return; }
    hintText = hint.textContent;
    maxChars = Number(input.getAttribute('data-max')) || DEFAULT_MAX_CHARS;
    chips = Array.prototype.slice.call(document.querySelectorAll('button.chip[data-position]'));
    chips.forEach(function (chip) {
      chip.addEventListener('click', function () { search(chip.getAttribute('data-position')); });
    });
    form.addEventListener('submit', submit);
    input.addEventListener('input', updateHint);
    // Enter searches, Shift+Enter starts a new line (a pasted ad keeps its own line breaks).
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { submit(event); }
      }
    });
    sendVisit();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
