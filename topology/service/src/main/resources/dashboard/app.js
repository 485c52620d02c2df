/*
 * Driftline dashboard. Polls api/summary every 2 s and renders it; rates and the charts' history are derived
 * in the page from successive polls, so the server keeps no per-viewer state. No build step, no framework:
 * uPlot (from the WebJar) draws the time series, everything else is plain DOM built with textContent
 * (summary strings are never parsed as HTML). A failing poll shows the "disconnected" badge and keeps the
 * last numbers on screen; the next poll tries again. Nothing here throws out of the poll loop.
 */
(function () {
  'use strict';

  var SUMMARY_URL = 'api/summary';
  var POLL_MS = 2000;
  var FETCH_TIMEOUT_MS = 5000;
  var HISTORY_POINTS = 450;        // 15 minutes at one poll every 2 s
  var DRIFT_WINDOWS = 10;          // columns of the heat map per model
  var HISTORY_ROWS = 50;
  var CHART_HEIGHT = 170;
  var MIN_WINDOW_S = 120;

  var COLORS = {
    eventsIn: '#2563eb',
    predictionsOut: '#16a34a',
    p50: '#2563eb',
    p95: '#d97706',
    p99: '#dc2626',
    lagTotal: '#1c2330',
    partitions: ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#ea580c']
  };

  // ---- formatting -------------------------------------------------------------------------------------------

  var int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var dec1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function num(x) {
    return typeof x === 'number' && isFinite(x) ? x : null;
  }

  function fmtInt(x) {
    return num(x) === null ? '\u2013' : int.format(x);
  }

  function fmtRate(x) {
    return num(x) === null ? '\u2013' : dec1.format(x);
  }

  /** Milliseconds with about three significant digits: 0.083, 1.25, 12.4, 1,250. */
  function fmtMs(x) {
    if (num(x) === null) return '\u2013';
    var a = Math.abs(x);
    var digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function fmtCompact(x) {
    if (num(x) === null) return '';
    var a = Math.abs(x);
    if (a >= 1e9) return (x / 1e9).toFixed(1).replace(/\.0$/, '') + 'G';
    if (a >= 1e6) return (x / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
    if (a >= 1e4) return (x / 1e3).toFixed(1).replace(/\.0$/, '') + 'k';
    if (a >= 100 || x === Math.round(x)) return int.format(x);
    return String(+x.toPrecision(3));
  }

  function fmtClock(ms) {
    if (num(ms) === null) return '\u2013';
    var d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function fmtDateTime(ms) {
    if (num(ms) === null) return '\u2013';
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + fmtClock(ms);
  }

  function fmtDuration(ms) {
    if (num(ms) === null || ms < 0) return '';
    var s = Math.floor(ms / 1000);
    if (s < 60) return s + 's';
    var m = Math.floor(s / 60);
    if (m < 60) return m + 'm ' + (s % 60) + 's';
    var h = Math.floor(m / 60);
    if (h < 24) return h + 'h ' + (m % 60) + 'm';
    return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  // ---- DOM helpers ------------------------------------------------------------------------------------------

  function $(id) {
    return document.getElementById(id);
  }

  /** el('td', {class: 'num', title: 'x'}, 'text' | Node | [children]) */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined) return;
        if (k === 'style') node.style.cssText = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children === null || children === undefined) return;
    if (Array.isArray(children)) {
      children.forEach(function (c) { append(node, c); });
    } else if (children instanceof Node) {
      node.appendChild(children);
    } else {
      node.appendChild(document.createTextNode(String(children)));
    }
  }

  function setText(id, text) {
    var node = $(id);
    if (node && node.textContent !== text) node.textContent = text;
  }

  function replace(id, content) {
    var node = $(id);
    if (!node) return;
    node.replaceChildren(content);
  }

  function empty(text) {
    return el('p', { class: 'empty' }, text);
  }

  function badge(text, tone) {
    return el('span', { class: 'badge badge-' + tone }, text);
  }

  function setBadge(id, text, tone, title) {
    var node = $(id);
    if (!node) return;
    node.textContent = text;
    node.className = 'badge badge-' + tone;
    if (title !== undefined) node.title = title;
  }

  // ---- charts -----------------------------------------------------------------------------------------------

  /**
   * A uPlot time-series chart that follows its container's width. If uPlot did not load (a missing WebJar),
   * the chart says so and the rest of the page still works.
   */
  function TimeChart(containerId, series, valueFormat) {
    this.container = $(containerId);
    this.series = series;
    this.valueFormat = valueFormat || fmtCompact;
    this.plot = null;
    this.create();
    var self = this;
    if (typeof ResizeObserver === 'function' && this.container) {
      new ResizeObserver(function () { self.resize(); }).observe(this.container);
    }
  }

  TimeChart.prototype.create = function () {
    if (!this.container) return;
    if (typeof uPlot !== 'function') {
      this.container.replaceChildren(el('div', { class: 'chart-missing' },
        'charts unavailable: uPlot did not load from webjars/uplot'));
      return;
    }
    var fmt = this.valueFormat;
    var opts = {
      width: Math.max(200, this.container.clientWidth),
      height: CHART_HEIGHT,
      scales: {
        // At least the last two minutes, so that a fresh page has a readable time axis.
        x: { time: true, range: function (u, min, max) {
          return min === null || max === null ? [min, max] : [Math.min(min, max - MIN_WINDOW_S), max];
        } },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      series: [{ value: function (u, v) { return v === null ? '\u2013' : fmtClock(v * 1000); } }].concat(
        this.series.map(function (s) {
          return {
            label: s.label,
            stroke: s.color,
            width: s.width || 1.5,
            spanGaps: false,
            value: function (u, v) { return v === null || v === undefined ? '\u2013' : fmt(v); }
          };
        })),
      axes: [
        {
          stroke: '#5d6878', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#dfe3e8' }, space: 70,
          values: function (u, splits) { return splits.map(function (s) { return fmtClock(s * 1000); }); }
        },
        {
          stroke: '#5d6878', size: 52, grid: { stroke: '#eef0f3' }, ticks: { stroke: '#dfe3e8' },
          values: function (u, splits) { return splits.map(fmtCompact); }
        }
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: true }
    };
    this.container.replaceChildren();
    this.plot = new uPlot(opts, this.emptyData(), this.container);
  };

  TimeChart.prototype.emptyData = function () {
    return [[]].concat(this.series.map(function () { return []; }));
  };

  TimeChart.prototype.setData = function (data) {
    if (this.plot) this.plot.setData(data);
  };

  /** Replaces the series (the lag chart gains a line when a partition appears). */
  TimeChart.prototype.setSeries = function (series, data) {
    this.series = series;
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
    this.create();
    this.setData(data);
  };

  TimeChart.prototype.resize = function () {
    if (!this.plot || !this.container) return;
    var width = Math.max(200, this.container.clientWidth);
    if (width !== this.plot.width) this.plot.setSize({ width: width, height: CHART_HEIGHT });
  };

  // ---- state derived from successive polls ------------------------------------------------------------------

  var history = {
    t: [],                       // x axis: server time of each poll, in seconds
    eventsRate: [],
    predictionsRate: [],
    lagTotal: [],
    lagByPartition: {},          // "topic-partition" -> values aligned with t
    scoring: { p50: [], p95: [], p99: [] },
    e2e: { p50: [], p95: [], p99: [] }
  };
  var previous = null;           // the last summary that arrived
  var driftByModel = {};         // model -> { windowStart -> report }
  var lagKeys = [];

  var charts = {};

  function initCharts() {
    charts.throughput = new TimeChart('chart-throughput', [
      { label: 'events in/s', color: COLORS.eventsIn, width: 2 },
      { label: 'predictions out/s', color: COLORS.predictionsOut, width: 2 }
    ], fmtRate);
    charts.lag = new TimeChart('chart-lag', lagSeries([]), fmtCompact);
    charts.scoring = new TimeChart('chart-scoring', percentileSeries(), fmtMs);
    charts.e2e = new TimeChart('chart-e2e', percentileSeries(), fmtMs);
  }

  function percentileSeries() {
    return [
      { label: 'p50', color: COLORS.p50 },
      { label: 'p95', color: COLORS.p95 },
      { label: 'p99', color: COLORS.p99, width: 2 }
    ];
  }

  function lagSeries(keys) {
    return [{ label: 'total', color: COLORS.lagTotal, width: 2 }].concat(keys.map(function (k, i) {
      return { label: k, color: COLORS.partitions[i % COLORS.partitions.length] };
    }));
  }

  function rate(now, before, field) {
    if (!before) return null;
    var a = num(now[field]);
    var b = num(before[field]);
    var dt = (num(now.time) - num(before.time)) / 1000;
    if (a === null || b === null || !(dt > 0) || a < b) return null; // first poll, or a restarted counter
    return (a - b) / dt;
  }

  function record(summary) {
    var t = num(summary.time) !== null ? summary.time / 1000 : Date.now() / 1000;
    if (history.t.length && t <= history.t[history.t.length - 1]) return; // same sample twice
    history.t.push(t);
    history.eventsRate.push(rate(summary, previous, 'eventsIn'));
    history.predictionsRate.push(rate(summary, previous, 'predictionsOut'));

    var lag = Array.isArray(summary.lag) ? summary.lag : [];
    var total = null;
    var seen = {};
    lag.forEach(function (p) {
      var key = String(p.topic) + '-' + String(p.partition);
      var records = num(p.records);
      seen[key] = records;
      if (records !== null) total = (total || 0) + records;
    });
    history.lagTotal.push(total);
    Object.keys(seen).forEach(function (key) {
      if (!history.lagByPartition[key]) {
        history.lagByPartition[key] = history.t.slice(0, -1).map(function () { return null; });
      }
    });
    Object.keys(history.lagByPartition).forEach(function (key) {
      history.lagByPartition[key].push(key in seen ? seen[key] : null);
    });

    var lat = summary.latencyMs || {};
    ['scoring', 'endToEnd'].forEach(function (kind) {
      var target = kind === 'scoring' ? history.scoring : history.e2e;
      var src = lat[kind] || {};
      ['p50', 'p95', 'p99'].forEach(function (p) { target[p].push(num(src[p])); });
    });

    if (history.t.length > HISTORY_POINTS) trim(history, history.t.length - HISTORY_POINTS);
  }

  function trim(obj, n) {
    Object.keys(obj).forEach(function (k) {
      var v = obj[k];
      if (Array.isArray(v)) v.splice(0, n);
      else if (v && typeof v === 'object') trim(v, n);
    });
  }

  function rememberDrift(reports) {
    if (!Array.isArray(reports)) return;
    reports.forEach(function (r) {
      if (!r || !Array.isArray(r.window) || num(r.window[0]) === null) return;
      var model = String(r.model);
      var windows = driftByModel[model] || (driftByModel[model] = {});
      windows[r.window[0]] = r;
      var starts = Object.keys(windows).map(Number).sort(function (a, b) { return a - b; });
      starts.slice(0, Math.max(0, starts.length - DRIFT_WINDOWS)).forEach(function (s) { delete windows[s]; });
    });
  }

  // ---- rendering --------------------------------------------------------------------------------------------

  function render(summary) {
    setText('instance', summary.instance ? String(summary.instance) : '');
    var st = summary.state ? String(summary.state) : 'UNKNOWN';
    setBadge('state', st, st === 'RUNNING' ? 'ok' : st === 'REBALANCING' || st === 'CREATED' ? 'warn' : 'bad',
      'Kafka Streams state');
    setText('updated', fmtClock(num(summary.time) !== null ? summary.time : Date.now()));

    var last = history.t.length - 1;
    setText('events-in', fmtInt(summary.eventsIn));
    setText('predictions-out', fmtInt(summary.predictionsOut));
    setText('events-rate', fmtRate(last >= 0 ? history.eventsRate[last] : null));
    setText('predictions-rate', fmtRate(last >= 0 ? history.predictionsRate[last] : null));

    var lag = Array.isArray(summary.lag) ? summary.lag : [];
    var maxSeconds = null;
    lag.forEach(function (p) {
      var s = num(p.seconds);
      if (s !== null) maxSeconds = maxSeconds === null ? s : Math.max(maxSeconds, s);
    });
    setText('lag-total', fmtInt(last >= 0 ? history.lagTotal[last] : null));
    setText('lag-seconds', maxSeconds === null ? '\u2013' : fmtMs(maxSeconds));

    var lat = summary.latencyMs || {};
    setText('scoring-p99', fmtMs(lat.scoring && lat.scoring.p99));
    setText('e2e-p99', fmtMs(lat.endToEnd && lat.endToEnd.p99));

    var dead = summary.deadLetters && typeof summary.deadLetters === 'object' ? summary.deadLetters : {};
    var deadTotal = Object.keys(dead).reduce(function (acc, k) { return acc + (num(dead[k]) || 0); }, 0);
    setText('dead-letters-total', fmtInt(deadTotal));
    setText('parked', fmtInt(summary.parked));

    var alerts = Array.isArray(summary.alerts) ? summary.alerts : [];
    var models = Array.isArray(summary.models) ? summary.models : [];
    setText('alerts-open', fmtInt(alerts.length));
    setText('models-count', fmtInt(models.length));

    renderCharts();
    renderModels(models, summary.time);
    renderHistory(Array.isArray(summary.history) ? summary.history : []);
    renderDeadLetters(dead);
    renderDrift();
    renderAlerts(alerts, summary.time);
  }

  function renderCharts() {
    if (!charts.throughput) return; // initCharts failed; the badge says why
    var h = history;
    charts.throughput.setData([h.t, h.eventsRate, h.predictionsRate]);
    var keys = Object.keys(h.lagByPartition).sort(comparePartitionKeys);
    var lagData = [h.t, h.lagTotal].concat(keys.map(function (k) { return h.lagByPartition[k]; }));
    if (keys.join('\n') !== lagKeys.join('\n')) {
      lagKeys = keys;
      charts.lag.setSeries(lagSeries(keys), lagData);
    } else {
      charts.lag.setData(lagData);
    }
    charts.scoring.setData([h.t, h.scoring.p50, h.scoring.p95, h.scoring.p99]);
    charts.e2e.setData([h.t, h.e2e.p50, h.e2e.p95, h.e2e.p99]);
  }

  function comparePartitionKeys(a, b) {
    var ia = a.lastIndexOf('-');
    var ib = b.lastIndexOf('-');
    var ta = a.slice(0, ia);
    var tb = b.slice(0, ib);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return Number(a.slice(ia + 1)) - Number(b.slice(ib + 1));
  }

  function renderModels(models, now) {
    if (!models.length) {
      replace('models', empty('no model loaded yet'));
      return;
    }
    var sorted = models.slice().sort(function (a, b) {
      return String(a.model).localeCompare(String(b.model)) || (a.shadow ? 1 : 0) - (b.shadow ? 1 : 0);
    });
    var cards = sorted.map(function (m) {
      var since = num(m.since);
      var age = since !== null && num(now) !== null ? fmtDuration(now - since) : '';
      return el('div', { class: 'model-card' }, [
        el('div', null, [
          el('span', { class: 'model-name' }, String(m.model)), ' ',
          m.shadow ? badge('shadow', 'neutral') : badge('serving', 'ok')
        ]),
        el('div', { class: 'model-version' }, 'v' + String(m.version)),
        el('div', { class: 'model-since', title: fmtDateTime(since) },
          since === null ? '' : 'since ' + fmtClock(since) + (age ? ' (' + age + ')' : '')),
        el('div', { class: 'model-route' }, routeText(m)),
        num(m.failures) ? el('div', { class: 'model-failures' },
          [badge(fmtInt(m.failures) + (m.shadow ? ' events not scored' : ' events dead-lettered'), 'bad')]) : null
      ]);
    });
    replace('models', el('div', null, cards));
  }

  /** "events -> predictions", with the filter when the model has one. */
  function routeText(m) {
    var inputs = Array.isArray(m.inputTopics) ? m.inputTopics.join(', ') : '';
    if (!inputs) return '';
    var filter = '';
    if (m.filter) {
      var on = m.filter.field !== undefined ? m.filter.field : 'header ' + m.filter.header;
      filter = ' where ' + on + ' in [' + (m.filter.values || []).join(', ') + ']';
    }
    return inputs + filter + ' \u2192 ' + String(m.outputTopic || '');
  }

  function kindTone(kind) {
    var k = String(kind || '').toUpperCase();
    if (k.indexOf('REJECT') >= 0 || k.indexOf('FAIL') >= 0) return 'bad';
    if (k.indexOf('ROLL') >= 0 || k.indexOf('RETIRE') >= 0) return 'warn';
    if (k.indexOf('DEPLOY') >= 0 || k.indexOf('SWAP') >= 0 || k.indexOf('LOAD') >= 0 || k.indexOf('RESTOR') >= 0) {
      return 'ok';
    }
    return 'neutral';
  }

  function renderHistory(items) {
    if (!items.length) {
      replace('history', empty('no model events yet'));
      return;
    }
    var rows = items.slice().sort(function (a, b) { return (num(b.time) || 0) - (num(a.time) || 0); })
      .slice(0, HISTORY_ROWS).map(function (h) {
        return el('tr', null, [
          el('td', { title: fmtDateTime(h.time) }, fmtClock(h.time)),
          el('td', null, badge(String(h.kind || '?'), kindTone(h.kind))),
          el('td', null, h.model === null || h.model === undefined ? '' : String(h.model)),
          el('td', null, h.version === null || h.version === undefined ? '' : 'v' + h.version),
          el('td', null, h.previous === null || h.previous === undefined ? '' : 'v' + h.previous),
          el('td', { class: 'msg' }, [h.reason ? el('strong', null, String(h.reason) + ' ') : null,
            h.message === null || h.message === undefined ? '' : String(h.message)])
        ]);
      });
    replace('history', el('table', null, [
      el('thead', null, el('tr', null, ['Time', 'Event', 'Model', 'Version', 'Previous', 'Details']
        .map(function (t) { return el('th', null, t); }))),
      el('tbody', null, rows)
    ]));
  }

  function renderDeadLetters(dead) {
    var codes = Object.keys(dead).filter(function (k) { return num(dead[k]) !== null; })
      .sort(function (a, b) { return dead[b] - dead[a] || (a < b ? -1 : 1); });
    if (!codes.length) {
      replace('dead-letters', empty('no dead letters'));
      return;
    }
    var max = Math.max.apply(null, codes.map(function (c) { return dead[c]; })) || 1;
    var cells = [];
    codes.forEach(function (c) {
      cells.push(el('span', { class: 'bar-label' }, c));
      cells.push(el('div', { class: 'bar-track' },
        el('div', { class: 'bar-fill', style: 'width:' + (100 * dead[c] / max).toFixed(1) + '%' })));
      cells.push(el('span', { class: 'num' }, fmtInt(dead[c])));
    });
    replace('dead-letters', el('div', { class: 'bars' }, cells));
  }

  /** Heat-map colour of a PSI value: pale green below 0.1, amber at 0.1 to 0.25, red from 0.25. */
  function psiColor(psi) {
    if (num(psi) === null) return '#f4f5f7';
    var stops = [[0, [232, 245, 233]], [0.1, [253, 230, 138]], [0.25, [248, 113, 113]]];
    if (psi >= 0.25) return 'rgb(248,113,113)';
    for (var i = 1; i < stops.length; i++) {
      if (psi <= stops[i][0]) {
        var f = (psi - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);
        var a = stops[i - 1][1];
        var b = stops[i][1];
        return 'rgb(' + [0, 1, 2].map(function (j) { return Math.round(a[j] + f * (b[j] - a[j])); }).join(',') + ')';
      }
    }
    return 'rgb(232,245,233)';
  }

  function featureScore(f) {
    if (!f || typeof f !== 'object') return null;
    if (num(f.psi) !== null) return f.psi;
    return num(f.value);
  }

  function renderDrift() {
    var models = Object.keys(driftByModel).sort();
    if (!models.length) {
      replace('drift', empty('no drift report yet'));
      return;
    }
    var blocks = models.map(function (model) {
      var windows = driftByModel[model];
      var starts = Object.keys(windows).map(Number).sort(function (a, b) { return a - b; });
      var features = {};
      starts.forEach(function (s) {
        Object.keys(windows[s].features || {}).forEach(function (f) { features[f] = true; });
      });
      var names = Object.keys(features).sort();
      var head = el('tr', null, [el('th', null, '')].concat(starts.map(function (s) {
        var w = windows[s].window;
        var short = num(w[1]) - num(w[0]) < 60000; // windows under a minute need their seconds
        return el('th', { title: fmtDateTime(w[0]) + ' \u2192 ' + fmtDateTime(w[1]) },
          short ? fmtClock(w[1]) : fmtClock(w[1]).slice(0, 5));
      })));
      var rows = names.map(function (name) {
        return el('tr', null, [el('th', { class: 'feature' }, name)].concat(starts.map(function (s) {
          var f = (windows[s].features || {})[name];
          var psi = featureScore(f);
          return el('td', {
            class: f && f.drifted ? 'drifted' : null,
            style: 'background:' + psiColor(psi),
            title: name + ' @ ' + fmtDateTime(windows[s].window[1]) + ': PSI ' + (psi === null ? 'n/a' : psi.toFixed(4))
              + (f && f.drifted ? ' (drifted)' : '')
          }, psi === null ? '\u00b7' : psi.toFixed(2));
        })));
      });
      // Performance on labelled predictions (labels on): one row per metric, marked where it fell.
      var perfNames = {};
      starts.forEach(function (s) {
        Object.keys(windows[s].performance || {}).forEach(function (k) {
          if (!/Fallen$/.test(k)) perfNames[k] = true;
        });
      });
      var perfRows = [];
      Object.keys(perfNames).sort().forEach(function (name) {
        perfRows.push(el('tr', null, [el('th', { class: 'feature' }, name + ' (labels)')].concat(starts.map(function (s) {
          var perf = windows[s].performance || {};
          var v = num(perf[name]);
          var fallen = perf[name + 'Fallen'] === true;
          return el('td', {
            class: fallen ? 'drifted' : null,
            title: name + ' @ ' + fmtDateTime(windows[s].window[1]) + ': ' + (v === null ? 'n/a' : v.toFixed(4))
              + ' on ' + fmtInt(windows[s].labelled) + ' labelled predictions' + (fallen ? ' (fell)' : '')
          }, v === null ? '\u00b7' : v.toFixed(2));
        }))));
      });
      rows = perfRows.concat(rows); // first, so that they show without scrolling
      return el('div', { class: 'drift-model' }, [
        el('div', { class: 'heatmap-model' }, model),
        el('div', { class: 'scroll' }, el('table', { class: 'heatmap' }, [el('thead', null, head), el('tbody', null, rows)]))
      ]);
    });
    replace('drift', el('div', { class: 'drift-models' }, blocks)); // one column per model, side by side
  }

  function renderAlerts(alerts, now) {
    if (!alerts.length) {
      replace('alerts', empty('no open alerts'));
      return;
    }
    var rows = alerts.slice().sort(function (a, b) { return (num(b.openedAt) || 0) - (num(a.openedAt) || 0); })
      .map(function (a) {
        var sev = String(a.severity || '').toLowerCase();
        var opened = num(a.openedAt);
        var evidence = [a.metric ? String(a.metric) : '', num(a.value) === null ? '' : fmtCompact(a.value),
          num(a.threshold) === null ? '' : '(threshold ' + fmtCompact(a.threshold) + ')'].filter(Boolean).join(' ');
        return el('tr', null, [
          el('td', { class: 'sev-' + sev }, String(a.severity || '')),
          el('td', null, String(a.type || '')),
          el('td', null, [String(a.model || ''), a.subject ? el('div', { class: 'muted' }, String(a.subject)) : null]),
          el('td', null, evidence),
          el('td', { title: fmtDateTime(opened) }, opened === null ? '' : [fmtClock(opened),
            num(now) !== null ? el('div', { class: 'muted' }, fmtDuration(now - opened) + ' ago') : null])
        ]);
      });
    replace('alerts', el('table', null, [
      el('thead', null, el('tr', null, ['Severity', 'Type', 'Model / subject', 'Evidence', 'Opened']
        .map(function (t) { return el('th', null, t); }))),
      el('tbody', null, rows)
    ]));
  }

  // ---- polling ----------------------------------------------------------------------------------------------

  var failures = 0;

  function fetchSummary() {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS) : null;
    return fetch(SUMMARY_URL, { cache: 'no-store', headers: { Accept: 'application/json' },
      signal: controller ? controller.signal : undefined })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status + ' from ' + SUMMARY_URL);
        return res.json();
      })
      .then(function (body) {
        if (!body || typeof body !== 'object') throw new Error('summary is not a JSON object');
        return body;
      })
      .finally(function () { if (timer) clearTimeout(timer); });
  }

  function poll() {
    fetchSummary().then(function (summary) {
      try {
        record(summary);
        rememberDrift(summary.drift);
        render(summary);
        previous = summary;
        failures = 0;
        document.body.classList.remove('stale');
        setBadge('conn', 'live', 'ok', 'polling ' + SUMMARY_URL + ' every ' + POLL_MS / 1000 + ' s');
      } catch (e) {
        setBadge('conn', 'render error', 'bad', String(e && e.stack || e));
      }
    }, function (err) {
      failures++;
      document.body.classList.add('stale');
      var why = err && err.name === 'AbortError' ? 'no answer in ' + FETCH_TIMEOUT_MS / 1000 + ' s' : String(err && err.message || err);
      setBadge('conn', 'disconnected', 'bad', why + ' (' + failures + ' failed poll' + (failures === 1 ? '' : 's')
        + '); showing the last data received');
    }).then(function () {
      setTimeout(poll, POLL_MS);
    });
  }

  function start() {
    try {
      initCharts();
    } catch (e) {
      setBadge('conn', 'chart error', 'bad', String(e && e.stack || e));
    }
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
