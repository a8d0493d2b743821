// cvmatch owner dashboard: fetches /admin/api/stats (and the previous period of equal length, to
// compare) and draws every chart as inline SVG, sized to its box so text keeps its CSS size on a
// phone. A row of the table filters everything by it; "Export CSV" saves the table as shown.
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
  var COLUMN_LABELS = {
    utm_source: 'Source', utm_medium: 'Medium', utm_campaign: 'Campaign', utm_term: 'Term',
    utm_content: 'Content', referrer: 'Referrer', position: 'Position', day: 'Day'
  };
  var GROUP_TITLES = {
    channel: 'By channel', source: 'By source', medium: 'By medium', campaign: 'By campaign', term: 'By term',
    content: 'By content', link: 'By link', referrer: 'By referrer', position: 'By position', day: 'By day'
  };

  // What is shown: the last answers and the row everything is filtered by ({by, values} or null).
  var state = { data: null, previous: null, filter: null };

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

  // A chart's drawing width: its box's own width in CSS pixels, so 1 SVG unit is 1 pixel and the
  // 11–14 px labels stay that size on any screen.
  function chartWidth(box, fallback) {
    var w = box.getBoundingClientRect().width;
    return w > 0 ? Math.max(280, w) : fallback;
  }

  // Change against the previous period, as {text, kind}: "+12%", "−5%", "new", "±0".
  function delta(now, before) {
    if (before === undefined || before === null) { return null; }
    if (before === 0) { return now === 0 ? { text: '±0', kind: 'flat' } : { text: 'new', kind: 'up' }; }
    var change = (now - before) / before * 100;
    var rounded = Math.round(change);
    if (rounded === 0) { return { text: '±0%', kind: 'flat' }; }
    return { text: (rounded > 0 ? '+' : '\u2212') + Math.abs(rounded) + '%', kind: rounded > 0 ? 'up' : 'down' };
  }

  function rowName(columns, row) {
    if (columns.length === 3 && row.status === 'direct') { return 'direct'; }
    return columns.map(function (c) { return row[c] === null ? '(none)' : row[c]; }).join(' / ');
  }

  function channelName(row) {
    if (row.utm_source === null && row.utm_medium === null && row.utm_campaign === null) { return 'direct'; }
    return [row.utm_source, row.utm_medium, row.utm_campaign].map(function (v) { return v === null ? '–' : v; }).join(' / ');
  }

  // ---- charts -----------------------------------------------------------------------------
  function drawFunnel(totals, previous, W) {
    var box = $('funnel-chart');
    clear(box);
    var rowH = 46, top = 8, H = top + STEPS.length * rowH + 4;
    var left = 84, right = 124, width = W - left - right;
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
      var valueText = svgText(root, left + width + 10, y + 20, fmtInt(value), 'value');
      var change = previous ? delta(value, previous[step.key]) : null;
      if (change) {
        var tspan = svg('tspan', { 'class': 'delta ' + change.kind, dx: 6 }, valueText);
        tspan.textContent = change.text;
        tip(bar, step.label + ': ' + fmtInt(value) + ' (' + change.text + ' on the previous period: ' + fmtInt(previous[step.key]) + ')');
      }
      if (i > 0) {
        var prev = totals[STEPS[i - 1].key];
        svgText(root, left + width + 10, y + 35, prev > 0 ? fmtRate(value / prev) + ' of ' + STEPS[i - 1].label.toLowerCase() : '', 'hint');
      }
    });
  }

  function drawDaily(daily, W) {
    var box = $('daily-chart');
    clear(box);
    var H = W < 600 ? 240 : 300, m = { l: 44, r: 12, t: 16, b: 44 };
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
    var every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(pw / 64))));
    daily.forEach(function (d, i) {
      // every `every`-th day, and the last one unless it would touch the one before
      if ((i % every === 0 && n - 1 - i >= every * 0.6) || i === n - 1) {
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
    var lx = 8, gap = Math.min(100, (W - 8) / STEPS.length);
    STEPS.forEach(function (s) {
      svg('rect', { x: lx, y: H - 14, width: 12, height: 12, rx: 2, 'class': 'swatch s-' + s.key }, root);
      svgText(root, lx + 17, H - 3, s.label, 'tick');
      lx += gap;
    });
  }

  function drawPositions(positions, W) {
    var box = $('positions-chart');
    clear(box);
    var rows = positions.filter(function (p) { return p.position !== null || p.attempts > 0; });
    if (rows.length === 0) { box.appendChild(el('p', 'empty', 'No attempts in this range.')); return; }
    var series = STEPS.slice(1);
    var groupH = 20 + series.length * 16, H = rows.length * groupH + 26;
    var left = 84, right = 56, width = W - left - right;
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
    var lx = 8, gap = Math.min(100, (W - 8) / series.length);
    series.forEach(function (s) {
      svg('rect', { x: lx, y: H - 14, width: 12, height: 12, rx: 2, 'class': 'swatch s-' + s.key }, root);
      svgText(root, lx + 17, H - 3, s.label, 'tick');
      lx += gap;
    });
  }

  // ---- tables and lists -------------------------------------------------------------------
  function badge(text, kind) { return el('span', 'badge ' + kind, text); }

  // The table of the chosen grouping: one row per key; choosing a row filters everything by it.
  function fillRows(data) {
    var table = $('channels-table');
    var columns = data.columns;
    var hasStatus = data.rows.some(function (r) { return r.status !== undefined; });
    var head = table.querySelector('thead tr');
    clear(head);
    columns.forEach(function (c) { head.appendChild(el('th', '', COLUMN_LABELS[c] || c)).scope = 'col'; });
    ['Visits', 'Attempts', 'Matches', 'Downloads', 'Match rate', 'Downloads / visit', 'Downloads / attempt']
      .forEach(function (label) { head.appendChild(el('th', 'num', label)).scope = 'col'; });
    head.appendChild(el('th', '', 'Status')).scope = 'col';
    $('rows-title').textContent = GROUP_TITLES[data.by] || data.by;

    var body = table.querySelector('tbody');
    clear(body);
    if (data.rows.length === 0) {
      var td = el('td', 'empty', 'No visits in this range.');
      td.colSpan = columns.length + 8;
      body.appendChild(el('tr')).appendChild(td);
      return;
    }
    data.rows.forEach(function (row) {
      var tr = el('tr', 'pick');
      columns.forEach(function (c, i) {
        var value = row[c];
        var text = value === null ? (row.status === 'direct' && i === 0 ? 'direct' : '–') : value;
        var cell = el('td', value === null ? 'none' : '');
        if (i === 0) {
          var pick = el('button', 'row-pick', text);
          pick.type = 'button';
          pick.setAttribute('aria-label', 'Count only ' + rowName(columns, row));
          pick.addEventListener('click', function (e) { e.stopPropagation(); choose(data.by, columns, row); });
          cell.appendChild(pick);
        } else {
          cell.textContent = text;
        }
        tr.appendChild(cell);
      });
      STEPS.forEach(function (s) { tr.appendChild(el('td', 'num', fmtInt(row[s.key]))); });
      [row.match_rate, row.downloads_per_visit, row.downloads_per_attempt].forEach(function (r) {
        tr.appendChild(el('td', 'num', fmtRate(r)));
      });
      var status = el('td');
      if (hasStatus && row.status) { status.appendChild(badge(row.status, row.status)); }
      if (row.demo) { status.appendChild(badge('demo', 'demo')); }
      tr.appendChild(status);
      tr.addEventListener('click', function () { choose(data.by, columns, row); });
      body.appendChild(tr);
    });
  }

  function choose(by, columns, row) {
    state.filter = { by: by, values: columns.map(function (c) { return row[c]; }), name: rowName(columns, row) };
    load();
  }

  // The table as shown, in the columns of `cvctl report --format csv`.
  function csvText(data) {
    function field(v) {
      var text = v === null || v === undefined ? '' : String(v);
      if (/^[=+\-@]/.test(text) && isNaN(Number(text))) { text = "'" + text; }
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    function rate(r) { return r === null || r === undefined ? '' : r.toFixed(4); }
    var head = data.columns.concat(['visits', 'attempts', 'matches', 'downloads', 'match_rate',
                                    'downloads_per_visit', 'downloads_per_attempt', 'status', 'demo']);
    var lines = [head].concat(data.rows.map(function (r) {
      return data.columns.map(function (c) { return r[c]; })
        .concat([r.visits, r.attempts, r.matches, r.downloads, rate(r.match_rate), rate(r.downloads_per_visit),
                 rate(r.downloads_per_attempt), r.status || '', r.demo ? 'true' : 'false']);
    }));
    return lines.map(function (l) { return l.map(field).join(','); }).join('\r\n') + '\r\n';
  }

  function exportCSV() {
    var data = state.data;
    if (!data) { return; }
    var name = 'cvmatch-' + data.by + '-' + data.since + '-' + data.until + (state.filter ? '-filtered' : '') + '.csv';
    var url = URL.createObjectURL(new Blob([csvText(data)], { type: 'text/csv;charset=utf-8' }));
    var a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
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

  // Each registered link: its UTM values, its short link, and what its exact values brought.
  function fillLinks(links) {
    var ul = $('known-campaigns');
    clear(ul);
    if (links.length === 0) { ul.appendChild(el('li', 'empty', 'None registered yet: cvctl link new …')); return; }
    links.forEach(function (l) {
      var li = el('li');
      var name = el('span', 'name');
      name.appendChild(el('span', '', [l.utm_source, l.utm_medium, l.utm_campaign, l.utm_term, l.utm_content]
        .filter(function (v) { return v !== null; }).join(' / ')));
      if (l.short_link) { name.appendChild(el('span', 'short', l.short_link)); }
      if (l.demo) { name.appendChild(badge('demo', 'demo')); }
      li.appendChild(name);
      // Dub's clicks are the ones `cvctl link stats` cached (the dashboard never asks Dub).
      // Each step stays on one line (no-break spaces); on a phone the line breaks between steps.
      var steps = [fmtInt(l.visits) + '\u00a0visits', fmtInt(l.matches) + '\u00a0matches', fmtInt(l.downloads) + '\u00a0downloads'];
      if (typeof l.dub_clicks === 'number') { steps.unshift(fmtInt(l.dub_clicks) + '\u00a0Dub\u00a0clicks'); }
      var count = el('span', 'count', steps.join(' → '));
      if (l.dub_clicks_at) { count.title = 'Dub clicks as of ' + l.dub_clicks_at + ' (cvctl link stats)'; }
      li.appendChild(count);
      ul.appendChild(li);
    });
  }

  function fillKpis(totals, previous) {
    var box = $('kpis');
    clear(box);
    var cards = STEPS.map(function (s) {
      return { label: s.label, value: fmtInt(totals[s.key]), key: s.key,
               change: previous ? delta(totals[s.key], previous[s.key]) : null,
               before: previous ? fmtInt(previous[s.key]) : null };
    }).concat(['match_rate', 'downloads_per_visit'].map(function (key) {
      var now = totals[key], before = previous ? previous[key] : null;
      var change = null;
      if (previous && now !== null && before !== null) {
        var points = Math.round((now - before) * 1000) / 10;
        change = { text: (points > 0 ? '+' : points < 0 ? '\u2212' : '±') + Math.abs(points).toFixed(1) + ' pt',
                   kind: points > 0 ? 'up' : points < 0 ? 'down' : 'flat' };
      }
      return { label: key === 'match_rate' ? 'Match rate' : 'Downloads / visit', value: fmtRate(now), key: 'rate',
               change: change, before: previous ? fmtRate(before) : null };
    }));
    cards.forEach(function (c) {
      var card = el('div', 'kpi k-' + c.key);
      card.appendChild(el('span', 'kpi-label', c.label));
      card.appendChild(el('span', 'kpi-value', c.value));
      if (c.change) {
        var d = el('span', 'kpi-delta ' + c.change.kind, c.change.text);
        d.title = 'previous period: ' + c.before;
        card.appendChild(d);
        card.appendChild(el('span', 'visually-hidden', ' compared with ' + c.before + ' in the previous period'));
      }
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
  function render(data, previous) {
    state.data = data;
    state.previous = previous;
    var before = previous ? previous.totals : null;
    $('dashboard').hidden = false;      // shown first: the charts are drawn to their boxes' widths
    fillKpis(data.totals, before);
    fillRows(data);
    fillQueries(data.top_queries);
    fillEmbedding(data.embedding);
    fillLinks(data.links);
    fillCampaigns(data.campaigns.unknown, 'unknown-campaigns', 'None: every tagged visit came from a registered link.');
    $('demo-note').hidden = !data.demo;
    $('filter-note').hidden = !state.filter;
    $('filter-name').textContent = state.filter ? state.filter.name + ' (' + state.filter.by + ')' : '';
    drawCharts();                       // last: everything above can change the page's width
    $('status').textContent = data.since + ' to ' + data.until + ' (' + data.days + ' days, UTC)'
      + (previous ? '; changes against ' + previous.since + ' to ' + previous.until : '');
    document.body.setAttribute('data-loaded', 'true');
  }

  // Draws the charts for the boxes' current widths; again if drawing changed the layout (a
  // scrollbar appearing narrows every box).
  function drawCharts() {
    var data = state.data, before = state.previous ? state.previous.totals : null;
    for (var pass = 0; pass < 2; pass++) {
      // every width is measured before any chart is cleared, which would change the page's height
      var widths = [chartWidth($('funnel-chart'), 520), chartWidth($('daily-chart'), 960), chartWidth($('positions-chart'), 520)];
      drawFunnel(data.totals, before, widths[0]);
      drawDaily(data.daily, widths[1]);
      drawPositions(data.positions, widths[2]);
      var fits = ['funnel-chart', 'daily-chart', 'positions-chart'].every(function (id) {
        var svgNode = $(id).querySelector('svg');
        return !svgNode || Math.abs(svgNode.getBoundingClientRect().width - svgNode.viewBox.baseVal.width) < 0.5;
      });
      if (fits) { return; }
    }
  }

  function stats(params) {
    return fetch('/admin/api/stats?' + params.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) { throw new Error(body.detail || ('The server answered ' + r.status + '.')); }
          return body;
        });
      });
  }

  // The period of equal length that ends the day before `since`.
  function previousRange(since, until) {
    var start = new Date(since + 'T00:00:00Z').getTime(), end = new Date(until + 'T00:00:00Z').getTime();
    var days = Math.round((end - start) / DAY_MS) + 1;
    var prevUntil = new Date(start - DAY_MS);
    return { since: isoDay(new Date(prevUntil.getTime() - (days - 1) * DAY_MS)), until: isoDay(prevUntil) };
  }

  function load() {
    var since = $('since').value, until = $('until').value;
    var params = new URLSearchParams({ since: since, until: until, by: $('by').value,
                                       demo: $('demo').checked ? 'include' : 'exclude' });
    if (state.filter) {
      params.set('filter_by', state.filter.by);
      params.set('filter', state.filter.values.map(function (v) { return v === null ? '' : v; }).join('|'));
    }
    var page = new URLSearchParams(params);
    if (!$('compare').checked) { page.set('compare', 'off'); }
    if (state.filter) { page.set('filter_name', state.filter.name); }
    $('status').textContent = 'Loading…';
    $('status').className = 'status';
    document.body.removeAttribute('data-loaded');
    history.replaceState(null, '', '?' + page.toString());
    var requests = [stats(params)];
    if ($('compare').checked && since && until && since <= until) {
      var prev = previousRange(since, until);
      var prevParams = new URLSearchParams(params);
      prevParams.set('since', prev.since);
      prevParams.set('until', prev.until);
      prevParams.set('top', '0');
      requests.push(stats(prevParams));
    }
    Promise.all(requests)
      .then(function (answers) { render(answers[0], answers[1] || null); })
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
    $('compare').checked = query.get('compare') !== 'off';
    var by = query.get('by');
    if (by && GROUP_TITLES[by]) { $('by').value = by; }
    if (query.get('filter_by') && GROUP_TITLES[query.get('filter_by')] && query.get('filter') !== null) {
      state.filter = { by: query.get('filter_by'),
                       values: query.get('filter').split('|').map(function (v) { return v === '' ? null : v; }),
                       name: query.get('filter_name') || query.get('filter') };
    }
    $('range').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-days]'), function (b) {
      b.addEventListener('click', function () { setRange(Number(b.getAttribute('data-days'))); load(); });
    });
    $('demo').addEventListener('change', load);
    $('compare').addEventListener('change', load);
    $('by').addEventListener('change', load);
    $('clear-filter').addEventListener('click', function () { state.filter = null; load(); });
    $('export').addEventListener('click', exportCSV);
    // Redraw the charts when the dashboard's width changes (window resized, scrollbar shown).
    var resizeTimer = null, lastWidth = 0;
    new ResizeObserver(function (entries) {
      var width = Math.round(entries[0].contentRect.width);
      if (width === lastWidth || !state.data) { lastWidth = width; return; }
      lastWidth = width;
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(drawCharts, 100);
    }).observe($('dashboard'));
    load();
  }

  document.addEventListener('DOMContentLoaded', init);
}());
