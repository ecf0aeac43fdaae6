// Sekisho web UI: a policy playground and an organization explorer over the
// JSON API (/api/v1/...). Plain JavaScript, no framework; the graph layout
// is dagre (vendor/dagre.min.js, bundled).
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const FULL_ACCESS = {Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: '*', Resource: '*'}]};
  let token = sessionStorage.getItem('sekisho-token') || '';

  // ---------- API ----------

  async function api(method, path, body, contentType) {
    const headers = {};
    if (token) headers['Authorization'] = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
    const resp = await fetch(path, {method, headers, body});
    const text = await resp.text();
    let data = null;
    try { data = JSON.parse(text); } catch (e) { /* not JSON */ }
    if (resp.status === 401) $('token-bar').hidden = false;
    if (!resp.ok) {
      const err = new Error(data && data.error ? data.error.message : text || resp.statusText);
      err.code = data && data.error ? data.error.code : String(resp.status);
      throw err;
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function toast(msg) {
    const t = $('toast');
    t.textContent = msg;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 2200);
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  // State in the URL: base64url of JSON, so that a question can be shared.
  function encodeState(obj) {
    const bytes = new TextEncoder().encode(JSON.stringify(obj));
    let bin = '';
    bytes.forEach((b) => { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function decodeState(s) {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function hashParams() {
    const [view, query] = location.hash.replace(/^#/, '').split('?');
    return {view: view || 'playground', params: new URLSearchParams(query || '')};
  }

  async function copyLink(hash) {
    history.replaceState(null, '', hash);
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      toast('Link copied: it opens this question with its answer.');
    } catch (e) {
      toast('Link in the address bar: it opens this question with its answer.');
    }
  }

  // ---------- Views ----------

  function showView(view) {
    for (const v of ['playground', 'explore']) {
      $(v).hidden = v !== view;
      const link = $('nav-' + v);
      if (v === view) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
    }
  }

  function route() {
    const {view, params} = hashParams();
    showView(view === 'explore' ? 'explore' : 'playground');
    if (view === 'explore') restoreExplorer(params);
    else restorePlayground(params);
  }

  // ---------- Playground ----------

  const pgFields = {principal: 'principal', action: 'action', resource: 'resource', context: 'context',
    identity: 'pol-identity', scp: 'pol-scp', boundary: 'pol-boundary', resourcePolicy: 'pol-resource', endpoint: 'pol-endpoint'};

  function playgroundState() {
    const s = {};
    for (const [k, id] of Object.entries(pgFields)) s[k] = $(id).value;
    s.full = $('scp-full').checked;
    return s;
  }

  function setPlayground(s) {
    for (const [k, id] of Object.entries(pgFields)) $(id).value = s[k] || '';
    $('scp-full').checked = s.full !== false;
  }

  let restoredPlayground = '';
  function restorePlayground(params) {
    const s = params.get('s');
    if (!s || s === restoredPlayground) return;
    restoredPlayground = s;
    try {
      setPlayground(decodeState(s));
      evaluatePlayground();
    } catch (e) {
      showPgError('The link does not hold a playground question: ' + e.message);
    }
  }

  function parseContext(text) {
    const ctx = {};
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const i = line.indexOf('=');
      if (i <= 0) throw new Error('Condition keys: "' + line + '" is not key=value');
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      (ctx[k] = ctx[k] || []).push(v);
    }
    // A key given once is a single value; a repeated key is a list
    // (a multivalued key, as the case file contract reads lists).
    for (const k of Object.keys(ctx)) if (ctx[k].length === 1) ctx[k] = ctx[k][0];
    return ctx;
  }

  // buildCase writes the case as JSON text with each policy's text
  // embedded verbatim, and records the line each starts at, so that the
  // positions the engine reports map back into the text areas.
  function buildCase(s) {
    const spans = [];
    let out = '';
    const emit = (text) => { out += text; };
    const embed = (field, label) => {
      const text = s[field].trim();
      JSONparse(text, label);
      spans.push({field, label, startLine: out.split('\n').length, text});
      emit(text);
    };
    const JSONparse = (text, label) => {
      try { return JSON.parse(text); } catch (e) { throw new Error(label + ': not valid JSON: ' + e.message); }
    };
    const request = {principal: s.principal.trim(), action: s.action.trim()};
    if (s.resource.trim()) request.resource = s.resource.trim();
    const ctx = parseContext(s.context);
    if (Object.keys(ctx).length) request.context = ctx;
    emit('{"name": "playground",\n"request": ' + JSON.stringify(request) + ',\n"policies": {\n');
    const parts = [];
    if (s.identity.trim()) parts.push(() => { emit('"identity": [\n'); embed('identity', 'Identity-based policy'); emit('\n]'); });
    else parts.push(() => emit('"identity": []'));
    if (s.scp.trim()) parts.push(() => {
      emit('"scp": [[\n');
      if (s.full) emit(JSON.stringify(FULL_ACCESS) + ',\n');
      embed('scp', 'Service control policy');
      emit('\n]]');
    });
    if (s.boundary.trim()) parts.push(() => { emit('"boundary": [\n'); embed('boundary', 'Permissions boundary'); emit('\n]'); });
    if (s.resourcePolicy.trim()) parts.push(() => { emit('"resource":\n'); embed('resourcePolicy', 'Resource-based policy'); });
    if (s.endpoint.trim()) parts.push(() => { emit('"vpcEndpoint":\n'); embed('endpoint', 'VPC endpoint policy'); });
    parts.forEach((p, i) => { if (i > 0) emit(',\n'); p(); });
    emit('\n}}\n');
    for (const sp of spans) sp.endLine = sp.startLine + sp.text.split('\n').length - 1;
    return {body: out, spans};
  }

  function showPgError(msg) {
    const st = $('pg-status');
    st.textContent = msg;
    st.className = 'status error';
    $('pg-decision').hidden = true;
    $('pg-summary').textContent = '';
    $('pg-deciding').replaceChildren();
    $('pg-gates').replaceChildren();
    $('pg-warnings').replaceChildren();
    $('pg-gates-title').hidden = true;
  }

  let pgSeq = 0;
  async function evaluatePlayground() {
    const s = playgroundState();
    if (!s.principal.trim() || !s.action.trim()) {
      showPgError('A request needs a principal and an action.');
      return;
    }
    let built;
    try { built = buildCase(s); } catch (e) { showPgError(e.message); return; }
    const seq = ++pgSeq;
    $('pg-status').textContent = 'Evaluating…';
    $('pg-status').className = 'status';
    try {
      const out = await api('POST', '/api/v1/eval', built.body);
      if (seq !== pgSeq) return; // a newer question is on its way
      renderPlayground(out, built.spans);
      history.replaceState(null, '', '#playground?s=' + encodeState(s));
      restoredPlayground = hashParams().params.get('s');
    } catch (e) {
      if (seq === pgSeq) showPgError(e.message);
    }
  }

  function renderPlayground(out, spans) {
    const exp = out.explanation;
    $('pg-status').textContent = '';
    const d = $('pg-decision');
    d.hidden = false;
    d.className = 'decision ' + out.decision;
    d.textContent = out.decision;
    $('pg-summary').textContent = localSummary(exp, spans);
    $('pg-warnings').replaceChildren(...(exp.warnings || []).map((w) => el('li', {text: w})),
      ...(exp.absentKeys && exp.absentKeys.length ? [el('li', {text: 'Decided with these keys absent from the request: ' + exp.absentKeys.join(', ')})] : []));
    const deciding = $('pg-deciding');
    deciding.replaceChildren();
    if (exp.deciding) deciding.append(decidingCard(exp.deciding, spans));
    $('pg-gates-title').hidden = false;
    $('pg-gates').replaceChildren(...exp.gates.map((g) => gateItem(g, exp.deciding, spans)));
  }

  // localSummary names policies and lines as the text areas show them,
  // not as the case sent to the engine does.
  function localSummary(exp, spans) {
    let text = exp.summary;
    for (const g of exp.gates) {
      for (const p of g.policies || []) {
        for (const st of p.statements) {
          const at = st.line ? where(st.line, spans) : null;
          if (at) text = text.split('"' + p.name + '" (line ' + st.line + ')').join('"' + at.label + '" (line ' + at.line + ')');
        }
      }
    }
    return text;
  }

  function sameStatement(a, b) {
    return a && b && a.gate === b.gate && a.policy === b.policy && a.index === b.index && (a.level || 0) === (b.level || 0);
  }

  // decidingCard shows the policy text with the deciding statement's lines
  // highlighted.
  function decidingCard(st, spans) {
    const label = (st.effect === 'Deny' ? 'Denied by ' : 'Allowed by ') + 'statement #' + st.index + (st.sid ? ' "' + st.sid + '"' : '');
    const span = spans.find((sp) => st.line >= sp.startLine && st.line <= sp.endLine);
    const card = el('div', {class: 'deciding-card', id: 'deciding'});
    card.append(el('h3', {}, label, ' — ', span ? span.label : st.policy));
    if (!span) return card;
    const lines = span.text.split('\n');
    const first = st.line - span.startLine;
    const last = statementEnd(lines, first, st.column || 1);
    const pre = el('pre', {class: 'src', 'aria-label': 'The policy, with the deciding statement highlighted'});
    lines.forEach((text, i) => {
      const hl = i >= first && i <= last;
      pre.append(el('span', {class: 'ln' + (hl ? ' hl ' + (st.effect === 'Deny' ? 'deny' : 'allow') : ''), 'data-n': String(i + 1), 'data-deciding': hl ? 'true' : null}, text));
    });
    card.append(pre);
    setTimeout(() => {
      const mark = pre.querySelector('.hl');
      if (mark) pre.scrollTop = Math.max(0, mark.offsetTop - 40);
    }, 0);
    return card;
  }

  // statementEnd finds the line where the statement object that starts at
  // (line, col) closes, skipping strings.
  function statementEnd(lines, line, col) {
    let depth = 0;
    let inString = false;
    let started = false;
    for (let i = line; i < lines.length; i++) {
      const text = lines[i];
      for (let j = i === line ? Math.max(0, col - 1) : 0; j < text.length; j++) {
        const c = text[j];
        if (inString) {
          if (c === '\\') j++;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{') { depth++; started = true; }
        else if (c === '}') { depth--; if (started && depth === 0) return i; }
      }
    }
    return line;
  }

  function outcomeClass(o) {
    return {allow: 'allow', deny: 'deny', 'no allow': 'noallow'}[o] || 'na';
  }

  // where names a statement's place in the text area it came from.
  function where(line, spans) {
    const sp = spans.find((x) => line >= x.startLine && line <= x.endLine);
    return sp ? {label: sp.label, line: line - sp.startLine + 1} : null;
  }

  function gateItem(g, deciding, spans) {
    const title = g.title + (g.level !== undefined && g.level !== null ? ', level ' + g.level : '');
    const li = el('li', {}, el('div', {class: 'gate-head'}, el('span', {text: title}), el('span', {class: 'pill ' + outcomeClass(g.outcome), text: g.outcome})));
    if (g.note) li.append(el('div', {class: 'note', text: g.note}));
    for (const p of g.policies || []) {
      const first = p.statements.length ? where(p.statements[0].line, spans) : null;
      const name = first ? first.label : (p.name.startsWith('scp') ? 'FullAWSAccess (attached beside the SCP)' : p.name);
      const ul = el('ul', {class: 'stmts', 'aria-label': 'Statements of ' + name});
      for (const s of p.statements) {
        const isDeciding = sameStatement(s, deciding);
        const at = s.line ? where(s.line, spans) : null;
        ul.append(el('li', {class: (s.matched ? 'matched' : '') + (isDeciding ? ' deciding' : '')},
          s.effect + ' #' + s.index + (s.sid ? ' ' + s.sid : '') + (at ? ' (line ' + at.line + ')' : '') + ': ',
          el('span', {class: 'why', text: s.matched ? 'matches' + (isDeciding ? ' — decides' : '') : 'no match: ' + s.reason})));
      }
      li.append(el('div', {class: 'note', text: name}), ul);
    }
    return li;
  }

  // The seed 000 example: the SCP that pins instance credentials to their
  // VPC, the instance role's identity policy, and the request of the
  // stolen credentials used from the internet.
  const SEED_000 = {
    principal: 'arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890',
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::app-bucket',
    context: 'aws:ec2InstanceSourceVpc=vpc-abc123\naws:ec2InstanceSourcePrivateIPv4=10.0.1.23\naws:SourceIp=203.0.113.50',
    identity: JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'ListTheAppBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::app-bucket'}]}, null, 2),
    scp: JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Deny', Action: '*', Resource: '*', Condition: {
      StringNotEquals: {'aws:ec2InstanceSourceVpc': '${aws:SourceVpc}'}, Null: {'aws:ec2InstanceSourceVpc': 'false'}}}]}, null, 2),
    boundary: '', resourcePolicy: '', endpoint: '', full: true,
  };

  function initPlayground() {
    const onInput = debounce(evaluatePlayground, 300);
    for (const id of Object.values(pgFields)) $(id).addEventListener('input', onInput);
    $('scp-full').addEventListener('change', onInput);
    $('load-seed').addEventListener('click', () => { setPlayground(SEED_000); evaluatePlayground(); });
    $('share-playground').addEventListener('click', () => copyLink('#playground?s=' + encodeState(playgroundState())));
  }

  // ---------- Explorer ----------

  const tabs = ['whocan', 'whatcan', 'graph', 'audit'];

  function selectTab(name, focus) {
    for (const t of tabs) {
      const tab = $('tab-' + t);
      const on = t === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      $('panel-' + t).hidden = !on;
      if (on && focus) tab.focus();
    }
  }

  function initTabs() {
    tabs.forEach((t, i) => {
      const tab = $('tab-' + t);
      tab.addEventListener('click', () => selectTab(t));
      tab.addEventListener('keydown', (e) => {
        let j = null;
        if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
        if (e.key === 'ArrowLeft') j = (i + tabs.length - 1) % tabs.length;
        if (e.key === 'Home') j = 0;
        if (e.key === 'End') j = tabs.length - 1;
        if (j !== null) { e.preventDefault(); selectTab(tabs[j], true); }
      });
    });
  }

  function shortName(arn) {
    const i = arn.lastIndexOf('/');
    return i >= 0 ? arn.slice(i + 1) : arn;
  }

  function statementText(w) {
    if (w.statement) {
      const s = w.statement;
      return s.effect + ' #' + s.index + (s.sid ? ' "' + s.sid + '"' : '') + ' of ' + s.policy + (s.line ? ' (line ' + s.line + ')' : '');
    }
    return w.reason;
  }

  function assumptions(list) {
    return (list || []).length ? el('div', {class: 'assume'}, 'Assuming: ' + list.join('; ')) : null;
  }

  function completeness(c) {
    if (!c) return null;
    const parts = [];
    for (const [k, v] of Object.entries(c)) {
      const item = (x) => (typeof x !== 'object' ? String(x)
        : x.key ? x.key + ' (' + Object.entries(x).filter(([f]) => f !== 'key').map(([f, n]) => n + ' ' + f).join(', ') + ')'
          : Object.entries(x).map(([f, n]) => f + ' ' + n).join(', '));
      if (Array.isArray(v) && v.length) parts.push(k + ': ' + v.map(item).join('; '));
      else if (typeof v === 'number' && v > 0) parts.push(k + ': ' + v);
      else if (v === true) parts.push(k);
    }
    return parts.length ? el('div', {class: 'assume'}, 'Completeness — ' + parts.join(' · ')) : null;
  }

  async function ask(outId, fn) {
    const out = $(outId);
    out.replaceChildren(el('p', {class: 'note', text: 'Asking…'}));
    try {
      out.replaceChildren(...[].concat(await fn()).filter(Boolean));
    } catch (e) {
      out.replaceChildren(el('p', {class: 'status error', role: 'alert', text: e.message}));
    }
  }

  function witnessTable(rows, head) {
    return el('table', {},
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {scope: 'col', text: h})))),
      el('tbody', {}, ...rows));
  }

  async function runWhoCan() {
    const p = new URLSearchParams({action: $('wc-action').value.trim(), resource: $('wc-resource').value.trim()});
    if ($('wc-from').value.trim()) p.set('from', $('wc-from').value.trim());
    if ($('wc-denied').checked) p.set('showDenied', 'true');
    history.replaceState(null, '', '#explore?q=whocan&' + p);
    await ask('whocan-out', async () => {
      const r = await api('GET', '/api/v1/whocan?' + p);
      // A finding is its witness, with the chain for AssumeRole paths.
      const row = (f, chain) => el('tr', {}, el('td', {class: 'mono', text: chain ? f.chain.join(' → ') : f.principal}),
        el('td', {}, el('span', {class: 'pill ' + (f.decision === 'Allow' ? 'allow' : 'deny'), text: f.decision})),
        el('td', {class: 'mono', text: statementText(f) + ((f.assumedAbsent || []).length ? ' — assumes absent: ' + f.assumedAbsent.join(', ') : '')}));
      const parts = [el('h3', {text: 'Who can ' + r.action + ' on ' + r.resource + (r.from ? ' from ' + r.from : '')}), assumptions(r.assumptions)];
      parts.push(el('h3', {text: 'Allowed (' + r.allowed.length + ')'}));
      parts.push(r.allowed.length ? witnessTable(r.allowed.map((f) => row(f)), ['Principal', 'Decision', 'Deciding statement'])
        : el('p', {class: 'note', text: 'No principal of the model is allowed.'}));
      if ((r.viaAssumeRole || []).length) {
        parts.push(el('h3', {text: 'Through AssumeRole chains (' + r.viaAssumeRole.length + ')'}));
        parts.push(witnessTable(r.viaAssumeRole.map((f) => row(f, true)), ['Chain', 'Decision', 'Deciding statement']));
      }
      if ((r.denied || []).length) {
        parts.push(el('h3', {text: 'Denied (' + r.denied.length + ')'}));
        parts.push(witnessTable(r.denied.map((f) => row(f)), ['Principal', 'Decision', 'What denied']));
      }
      parts.push(el('p', {class: 'note', text: r.principals + ' principals in the model, ' + r.evaluated + ' evaluated.'}));
      parts.push(completeness(r.completeness));
      return parts;
    });
  }

  async function runWhatCan() {
    const p = new URLSearchParams({principal: $('wt-principal').value.trim()});
    if ($('wt-service').value.trim()) p.set('service', $('wt-service').value.trim());
    if ($('wt-from').value.trim()) p.set('from', $('wt-from').value.trim());
    history.replaceState(null, '', '#explore?q=whatcan&' + p);
    await ask('whatcan-out', async () => {
      const r = await api('GET', '/api/v1/whatcan?' + p);
      const parts = [el('h3', {text: 'What ' + r.principal + ' can do' + (r.from ? ' from ' + r.from : '') + ': ' + r.allowed + ' allowed of ' + r.evaluated + ' evaluated'}), assumptions(r.assumptions)];
      for (const g of r.groups || []) {
        parts.push(el('h3', {text: g.service + ' — ' + g.access + ' (' + g.capabilities.length + ')'}));
        parts.push(witnessTable(g.capabilities.map((c) => el('tr', {}, el('td', {class: 'mono', text: c.action}), el('td', {class: 'mono', text: c.resource}),
          el('td', {class: 'mono', text: c.statement ? statementText({statement: c.statement}) : ''}))), ['Action', 'Resource', 'Allowing statement']));
      }
      if (!(r.groups || []).length) parts.push(el('p', {class: 'note', text: 'Nothing is allowed.'}));
      parts.push(completeness(r.completeness));
      return parts;
    });
  }

  async function runGraph() {
    const kind = $('gr-kind').value;
    const filter = $('gr-filter').value.trim();
    const p = new URLSearchParams({kind});
    if (filter) p.set('highlight', filter);
    history.replaceState(null, '', '#explore?q=graph&' + p);
    await ask('graph-out', async () => {
      const g = await api('GET', '/api/v1/graph/' + kind);
      const parts = [assumptions(g.assumptions)];
      parts.push(el('div', {class: 'legend'}, el('span', {class: 'l-user', text: 'user'}), el('span', {class: 'l-role', text: 'role'}),
        el('span', {class: 'l-service', text: 'service'}), el('span', {class: 'l-cross', text: 'cross-account edge'})));
      if (!g.edges.length) parts.push(el('p', {class: 'note', text: 'No edges: ' + g.nodes.length + ' principals, none reaches another.'}));
      else parts.push(el('div', {class: 'graph-wrap'}, drawGraph(g, filter)));
      for (const r of g.remarks || []) parts.push(el('p', {class: 'note'}, el('span', {class: 'mono', text: r.principal}), ' — ' + r.message));
      parts.push(completeness(g.completeness));
      return parts;
    });
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  }

  // drawGraph lays the graph out with dagre and draws it as SVG.
  function drawGraph(data, filter) {
    const g = new dagre.graphlib.Graph({multigraph: true});
    g.setGraph({rankdir: 'LR', nodesep: 16, ranksep: 70, edgesep: 8, marginx: 12, marginy: 12});
    g.setDefaultEdgeLabel(() => ({}));
    const ids = new Set();
    const addNode = (id, kind, admin) => {
      if (ids.has(id)) return;
      ids.add(id);
      const label = shortName(id);
      g.setNode(id, {label, kind: kind || 'principal', admin, width: Math.max(70, label.length * 7.2 + 22), height: 30});
    };
    for (const n of data.nodes) addNode(n.id, n.kind, n.admin);
    data.edges.forEach((e, i) => {
      addNode(e.from, 'principal');
      addNode(e.to, 'principal');
      const label = e.kind === 'assume' ? '' : e.kind + (e.via ? ' via ' + shortName(e.via) : '');
      g.setEdge(e.from, e.to, {label, cross: e.crossAccount, width: label.length * 6, height: label ? 14 : 0, labelpos: 'c'}, 'e' + i);
    });
    // Only the principals that take part in an edge: a model has many more.
    for (const id of [...ids]) if (!g.nodeEdges(id).length) g.removeNode(id);
    dagre.layout(g);
    const gi = g.graph();
    const root = svg('svg', {width: gi.width, height: gi.height, viewBox: '0 0 ' + gi.width + ' ' + gi.height, role: 'img',
      'aria-label': data.kind + ' graph: ' + g.nodeCount() + ' principals, ' + g.edgeCount() + ' edges'});
    root.append(svg('defs', {}, svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
      svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8b95a1'}))));
    for (const e of g.edges()) {
      const ed = g.edge(e);
      const d = ed.points.map((p, i) => (i ? 'L' : 'M') + p.x.toFixed(1) + ' ' + p.y.toFixed(1)).join(' ');
      const grp = svg('g', {class: 'edge' + (ed.cross ? ' cross' : '')}, svg('path', {d, 'marker-end': 'url(#arrow)'}));
      if (ed.label) grp.append(svg('text', {x: ed.x, y: ed.y, 'text-anchor': 'middle'}, document.createTextNode(ed.label)));
      const title = svg('title', {});
      title.textContent = e.v + ' → ' + e.w;
      grp.append(title);
      root.append(grp);
    }
    for (const id of g.nodes()) {
      const n = g.node(id);
      const match = filter && id.toLowerCase().includes(filter.toLowerCase());
      const grp = svg('g', {class: 'node ' + n.kind + (n.admin ? ' admin' : '') + (match ? ' match' : ''), transform: 'translate(' + (n.x - n.width / 2) + ',' + (n.y - n.height / 2) + ')'},
        svg('rect', {width: n.width, height: n.height, rx: 6}),
        svg('text', {x: n.width / 2, y: n.height / 2 + 4, 'text-anchor': 'middle'}, document.createTextNode(n.label)));
      const title = svg('title', {});
      title.textContent = id + (n.admin ? ' (administrator)' : '');
      grp.append(title);
      root.append(grp);
    }
    return root;
  }

  async function runAudit() {
    const p = new URLSearchParams();
    if ($('au-regions').value.trim()) p.set('regions', $('au-regions').value.trim());
    history.replaceState(null, '', '#explore?q=audit&' + p);
    await ask('audit-out', async () => {
      const r = await api('GET', '/api/v1/audit?' + p);
      const parts = [el('h3', {text: r.findings.length + ' findings (allowed regions: ' + r.regions.join(', ') + ')'}), assumptions(r.assumptions)];
      const checked = Object.entries(r.checked || {}).map(([k, v]) => k + ' ' + v).join(', ');
      if (checked) parts.push(el('p', {class: 'note', text: 'Checked: ' + checked}));
      for (const f of r.findings) {
        parts.push(el('div', {class: 'finding ' + f.severity},
          el('h4', {text: f.check + ' — ' + f.subject + ' (' + f.account + ')'}),
          el('p', {text: f.message}),
          f.guardrail ? el('p', {class: 'note', text: 'Guardrail: ' + f.guardrail}) : null,
          f.witness ? el('p', {class: 'mono', text: 'Witness: ' + f.witness.action + ' on ' + f.witness.resource + (f.witness.from ? ' from ' + f.witness.from : '') + ' → ' + f.witness.decision + ' (' + statementText(f.witness) + ')'}) : null));
      }
      if (!r.findings.length) parts.push(el('p', {class: 'note', text: 'Every recommended guardrail checked is effective.'}));
      parts.push(completeness(r.completeness));
      return parts;
    });
  }

  function restoreExplorer(params) {
    const q = params.get('q');
    if (!q) return;
    selectTab(tabs.includes(q) ? q : 'whocan');
    const set = (id, key) => { if (params.has(key)) $(id).value = params.get(key); };
    if (q === 'whocan') {
      set('wc-action', 'action'); set('wc-resource', 'resource'); set('wc-from', 'from');
      $('wc-denied').checked = params.get('showDenied') === 'true';
      if ($('wc-action').value && $('wc-resource').value) runWhoCan();
    } else if (q === 'whatcan') {
      set('wt-principal', 'principal'); set('wt-service', 'service'); set('wt-from', 'from');
      if ($('wt-principal').value) runWhatCan();
    } else if (q === 'graph') {
      set('gr-kind', 'kind'); set('gr-filter', 'highlight');
      runGraph();
    } else if (q === 'audit') {
      set('au-regions', 'regions');
      runAudit();
    }
  }

  function initExplorer() {
    initTabs();
    const submit = (id, fn) => $(id).addEventListener('submit', (e) => { e.preventDefault(); fn(); });
    submit('whocan-form', runWhoCan);
    submit('whatcan-form', runWhatCan);
    submit('graph-form', runGraph);
    submit('audit-form', runAudit);
  }

  async function loadModel() {
    try {
      const m = await api('GET', '/api/v1/model');
      const principals = m.accounts.flatMap((a) => a.users.concat(a.roles));
      $('principals-list').replaceChildren(...principals.concat(m.instances.map((i) => 'instance-profile:' + i)).map((v) => el('option', {value: v})));
      $('resources-list').replaceChildren(...m.resources.concat(principals.filter((p) => p.includes(':role/'))).map((v) => el('option', {value: v})));
      $('model-info').textContent = 'Model: ' + m.accounts.length + ' accounts, ' + principals.length + ' principals, ' + m.resources.length + ' resources · generation ' + m.generation;
    } catch (e) {
      $('model-info').textContent = 'Model not available: ' + e.message;
    }
  }

  function init() {
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      token = $('token-input').value;
      sessionStorage.setItem('sekisho-token', token);
      $('token-bar').hidden = true;
      loadModel();
      route();
    });
    initPlayground();
    initExplorer();
    window.addEventListener('hashchange', route);
    loadModel();
    route();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
