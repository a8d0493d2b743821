// cvmatch owner dashboard: fetches /admin/api/stats and draws every chart as inline SVG.
// No dependencies and CSP-friendly: no inline code or style attributes, DOM built with textContent.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var STEPS = [
    { key: 'visits', label: 'Visits' },
    { key: 'attempts', label: 'Attempts' },
    { key: 'matches', label: 'Matches' },
    { key: 'downloads', label: 'Downloads' }
  ];
  var DAY_MS = 86400000;

  // ---- small helpers --------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svgText(parent, x, y, text, className, anchor) {
    var t = svg('text', { x: x, y: y, 'class': className || 'label', 'text-anchor': anchor || 'start' }, parent);
    t.textContent = text;
    return t;
  }

  function tip(node, text) {
    svg('title', {}, node).textContent = text;
  }

  function isoDay(date) { return date.toISOString().slice(0, 10); }

  function todayUTC() {
    var now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  }

  function fmtInt(n) { return Number(n || 0).toLocaleString('en-US'); }

  function fmtRate(r) { return r === null || r === undefined ? '–' : (r * 100).toFixed(1) + '%'; }

  function shortDay(day) {
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return Number(day.slice(8, 10)) + ' ' + months[Number(day.slice(5, 7)) - 1];
  }

  // A "nice" axis maximum and tick step for values up to max.
  function niceScale(max, ticks) {
    if (max <= 0) { return { max: 1, step: 1 }; }
    var raw = max / ticks;
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= raw; })[0];
    step = Math.max(1, step);
    return { max: Math.ceil(max / step) * step, step: step };
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function channelName(row) {
    if (row.utm_source === null && row.utm_medium === null && row.utm_campaign === null) { return 'direct'; }
    return [row.utm_source, row.utm_medium, row.utm_campaign].map(function (v) { return v === null ? '–' : v; }).join(' / ');
  }

  // ---- charts -----------------------------------------------------------------------------
  function drawFunnel(totals) {
    var box = $('funnel-chart');
    clear(box);
    var W = 520, rowH = 46, top = 8, H = top + STEPS.length * rowH + 4;
    var left = 96, right = 120, width = W - left - right;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'funnel' }, box);
    var max = Math.max(1, totals.visits);
    STEPS.forEach(function (step, i) {
      var value = totals[step.key];
      var y = top + i * rowH;
      var w = Math.max(value > 0 ? 2 : 0, width * value / max);
      svgText(root, left - 10, y + 24, step.label, 'label', 'end');
      svg('rect', { x: left, y: y + 6, width: width, height: 28, rx: 4, 'class': 'track' }, root);
      var bar = svg('rect', { x: left + (width - w) / 2, y: y + 6, width: w, height: 28, rx: 4,
                              'class': 'bar s-' + step.key, 'data-value': value }, root);
      tip(bar, step.label + ': ' + fmtInt(value));
      svgText(root, left + width + 10, y + 20, fmtInt(value), 'value');
      if (i > 0) {
        var prev = totals[STEPS[i - 1].key];
        svgText(root, left + width + 10, y + 35, prev > 0 ? fmtRate(value / prev) + ' of ' + STEPS[i - 1].label.toLowerCase() : '', 'hint');
      }
    });
  }

  function drawDaily(daily) {
    var box = $('daily-chart');
    clear(box);
    var W = 960, H = 300, m = { l: 48, r: 16, t: 16, b: 44 };
    var pw = W - m.l - m.r, ph = H - m.t - m.b;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'daily' }, box);
    var maxValue = 0;
    daily.forEach(function (d) { STEPS.forEach(function (s) { maxValue = Math.max(maxValue, d[s.key]); }); });
    var scale = niceScale(maxValue, 5);
    var n = daily.length;
    var x = function (i) { return m.l + (n === 1 ? pw / 2 : pw * i / (n - 1)); };
    var y = function (v) { return m.t + ph - ph * v / scale.max; };

    for (var v = 0; v <= scale.max + 1e-9; v += scale.step) {
      svg('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), 'class': v === 0 ? 'axis' : 'grid' }, root);
      svgText(root, m.l - 8, y(v) + 4, fmtInt(v), 'tick', 'end');
    }
    var every = Math.max(1, Math.ceil(n / 10));
    daily.forEach(function (d, i) {
      if (i % every === 0 || i === n - 1) {
        svgText(root, x(i), H - m.b + 18, shortDay(d.day), 'tick', 'middle');
      }
      var weekday = new Date(d.day + 'T00:00:00Z').getUTCDay();
      if (weekday === 0 || weekday === 6) {
        var half = n === 1 ? pw / 2 : pw / (n - 1) / 2;
        var x0 = Math.max(m.l, x(i) - half), x1 = Math.min(W - m.r, x(i) + half);
        svg('rect', { x: x0, y: m.t, width: x1 - x0, height: ph, 'class': 'weekend' }, root);
      }
    });
    STEPS.forEach(function (s) {
      var points = daily.map(function (d, i) { return x(i).toFixed(1) + ',' + y(d[s.key]).toFixed(1); }).join(' ');
      svg('polyline', { points: points, 'class': 'series s-' + s.key }, root);
      if (n <= 62) {
        daily.forEach(function (d, i) {
          tip(svg('circle', { cx: x(i), cy: y(d[s.key]), r: 3, 'class': 'dot s-' + s.key }, root),
              d.day + ' — ' + s.label + ': ' + fmtInt(d[s.key]));
        });
      }
    });
    // legend
    var lx = m.l;
    STEPS.forEach(function (s) {
      svg('rect', { x: lx, y: H - 14, width: 12, height: 12, rx: 2, 'class': 'swatch s-' + s.key }, root);
      svgText(root, lx + 17, H - 3, s.label, 'tick');
      lx += 100;
    });
  }

  function drawPositions(positions) {
    var box = $('positions-chart');
    clear(box);
    var rows = positions.filter(function (p) { return p.position !== null || p.attempts > 0; });
    if (rows.length === 0) { box.appendChild(el('p', 'empty', 'No attempts in this range.')); return; }
    var series = STEPS.slice(1);
    var W = 520, groupH = 20 + series.length * 16, H = rows.length * groupH + 26;
    var left = 96, right = 56, width = W - left - right;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, 'class': 'positions' }, box);
    var max = 1;
    rows.forEach(function (p) { series.forEach(function (s) { max = Math.max(max, p[s.key]); }); });
    rows.forEach(function (p, i) {
      var y0 = i * groupH + 4;
      svgText(root, left - 10, y0 + 10 + series.length * 8, p.position === null ? '(none)' : p.position, 'label', 'end');
      series.forEach(function (s, j) {
        var w = p[s.key] > 0 ? Math.max(2, width * p[s.key] / max) : 0;
        var bar = svg('rect', { x: left, y: y0 + j * 16, width: w, height: 13, rx: 2, 'class': 'bar s-' + s.key,
                                'data-value': p[s.key] }, root);
        tip(bar, (p.position || '(none)') + ' — ' + s.label + ': ' + fmtInt(p[s.key]));
        svgText(root, left + w + 6, y0 + j * 16 + 11, fmtInt(p[s.key]), 'tick');
      });
    });
    var lx = left;
    series.forEach(function (s) {
      svg('rect', { x: lx, y: H - 14, width: 12, height: 12, rx: 2, 'class': 'swatch s-' + s.key }, root);
      svgText(root, lx + 17, H - 3, s.label, 'tick');
      lx += 100;
    });
  }

  // ---- tables and lists -------------------------------------------------------------------
  function badge(text, kind) { return el('span', 'badge ' + kind, text); }

  function fillChannels(channels) {
    var body = $('channels-table').querySelector('tbody');
    clear(body);
    if (channels.length === 0) {
      var td = el('td', 'empty', 'No visits in this range.');
      td.colSpan = 11;
      body.appendChild(el('tr')).appendChild(td);
      return;
    }
    channels.forEach(function (row) {
      var tr = el('tr');
      if (row.status === 'direct') {
        tr.appendChild(el('td', 'none', 'direct'));
        tr.appendChild(el('td', 'none', '–'));
        tr.appendChild(el('td', 'none', '–'));
      } else {
        [row.utm_source, row.utm_medium, row.utm_campaign].forEach(function (v) {
          tr.appendChild(el('td', v === null ? 'none' : '', v === null ? '–' : v));
        });
      }
      STEPS.forEach(function (s) { tr.appendChild(el('td', 'num', fmtInt(row[s.key]))); });
      [row.match_rate, row.downloads_per_visit, row.downloads_per_attempt].forEach(function (r) {
        tr.appendChild(el('td', 'num', fmtRate(r)));
      });
      var status = el('td');
      status.appendChild(badge(row.status, row.status));
      if (row.demo) { status.appendChild(badge('demo', 'demo')); }
      tr.appendChild(status);
      body.appendChild(tr);
    });
  }

  function fillQueries(queries) {
    var body = $('queries-table').querySelector('tbody');
    clear(body);
    if (queries.length === 0) {
      var td = el('td', 'empty', 'No queries stored for this range.');
      td.colSpan = 5;
      body.appendChild(el('tr')).appendChild(td);
      return;
    }
    queries.forEach(function (q) {
      var tr = el('tr');
      tr.appendChild(el('td', 'query', q.query));
      tr.appendChild(el('td', 'num', fmtInt(q.attempts)));
      tr.appendChild(el('td', 'num', q.score === null ? '–' : q.score));
      var outcome = el('td');
      outcome.appendChild(badge(q.outcome || '–', q.outcome === 'matched' ? 'known' : 'unknown'));
      tr.appendChild(outcome);
      tr.appendChild(el('td', '', q.position === null ? '–' : q.position));
      body.appendChild(tr);
    });
  }

  function fillCampaigns(list, id, emptyText) {
    var ul = $(id);
    clear(ul);
    if (list.length === 0) { ul.appendChild(el('li', 'empty', emptyText)); return; }
    list.forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', 'name', channelName(c)));
      li.appendChild(el('span', 'count', fmtInt(c.visits) + ' visits · ' + fmtInt(c.downloads) + ' downloads'));
      ul.appendChild(li);
    });
  }

  function fillKpis(totals) {
    var box = $('kpis');
    clear(box);
    var cards = STEPS.map(function (s) { return { label: s.label, value: fmtInt(totals[s.key]), key: s.key }; }).concat([
      { label: 'Match rate', value: fmtRate(totals.match_rate), key: 'rate' },
      { label: 'Downloads / visit', value: fmtRate(totals.downloads_per_visit), key: 'rate' }
    ]);
    cards.forEach(function (c) {
      var card = el('div', 'kpi k-' + c.key);
      card.appendChild(el('span', 'kpi-label', c.label));
      card.appendChild(el('span', 'kpi-value', c.value));
      box.appendChild(card);
    });
  }

  // Embedding calls, cache hits, busy refusals and cost per day; a note when the budget was reached.
  function fillEmbedding(spend) {
    var limits = spend.budget
      ? 'Budget: ' + [[spend.budget.per_hour, 'hour'], [spend.budget.per_day, 'day']].map(function (b) {
          return b[0] === 0 ? 'unlimited per ' + b[1] : fmtInt(b[0]) + ' calls per ' + b[1];
        }).join(', ') + '.'
      : '';
    var price = spend.price_per_mtok === null
      ? ' Set CVMATCH_EMBED_PRICE_PER_MTOK to see the cost.'
      : ' Price: ' + spend.price_per_mtok + ' per million tokens.';
    $('embedding-settings').textContent = limits + price;
    var fmtCost = function (c) { return c === null ? '–' : c.toFixed(6); };
    var body = $('embedding-table').querySelector('tbody');
    clear(body);
    var rows = spend.daily.filter(function (d) { return d.calls || d.cache_hits || d.busy || d.tokens; });
    rows.concat([Object.assign({ day: 'Total' }, spend.totals)]).forEach(function (d) {
      var tr = el('tr', d.day === 'Total' ? 'total' : '');
      tr.appendChild(el('td', '', d.day));
      [d.calls, d.cache_hits, d.busy, d.tokens].forEach(function (v) { tr.appendChild(el('td', 'num', fmtInt(v))); });
      tr.appendChild(el('td', 'num', fmtCost(d.cost)));
      body.appendChild(tr);
    });
    var reached = spend.daily.filter(function (d) { return d.busy > 0; });
    $('budget-note').hidden = reached.length === 0;
    $('budget-note').textContent = reached.length === 0 ? '' :
      'The embedding budget was reached: ' + fmtInt(spend.totals.busy) + ' new queries were answered “busy” (' +
      reached.map(function (d) { return d.day; }).join(', ') + '). Cached queries and downloads kept working. ' +
      'Raise CVMATCH_EMBED_BUDGET_PER_HOUR / _PER_DAY if these were real visitors.';
  }

  // ---- data -------------------------------------------------------------------------------
  function render(data) {
    fillKpis(data.totals);
    drawFunnel(data.totals);
    drawDaily(data.daily);
    drawPositions(data.positions);
    fillChannels(data.channels);
    fillQueries(data.top_queries);
    fillEmbedding(data.embedding);
    fillCampaigns(data.campaigns.known, 'known-campaigns', 'None registered yet: cvctl link new …');
    fillCampaigns(data.campaigns.unknown, 'unknown-campaigns', 'None: every tagged visit came from a registered link.');
    $('demo-note').hidden = !data.demo;
    $('dashboard').hidden = false;
    $('status').textContent = data.since + ' to ' + data.until + ' (' + data.days + ' days, UTC)';
    document.body.setAttribute('data-loaded', 'true');
  }

  function load() {
    var since = $('since').value, until = $('until').value;
    var params = new URLSearchParams({ since: since, until: until, demo: $('demo').checked ? 'include' : 'exclude' });
    $('status').textContent = 'Loading…';
    document.body.removeAttribute('data-loaded');
    history.replaceState(null, '', '?' + params.toString());
    fetch('/admin/api/stats?' + params.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) { throw new Error(body.detail || ('The server answered ' + r.status + '.')); }
          return body;
        });
      })
      .then(render)
      .catch(function (e) {
        $('status').textContent = 'Could not load the statistics: ' + e.message;
        $('status').className = 'status error';
      });
  }

  function setRange(days) {
    var end = todayUTC();
    $('until').value = isoDay(end);
    $('since').value = isoDay(new Date(end.getTime() - (days - 1) * DAY_MS));
  }

  function init() {
    var query = new URLSearchParams(window.location.search);
    var day = /^\d{4}-\d{2}-\d{2}$/;
    setRange(30);
    if (day.test(query.get('since') || '') && day.test(query.get('until') || '')) {
      $('since').value = query.get('since');
      $('until').value = query.get('until');
    }
    $('demo').checked = query.get('demo') !== 'exclude';
    $('range').addEventListener('submit', function (e) { e.preventDefault(); $('status').className = 'status'; load(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-days]'), function (b) {
      b.addEventListener('click', function () { setRange(Number(b.getAttribute('data-days'))); load(); });
    });
    $('demo').addEventListener('change', load);
    load();
  }

  document.addEventListener('DOMContentLoaded', init);
}());
