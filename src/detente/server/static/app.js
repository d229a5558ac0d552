// detente dashboard: plain JavaScript, no framework, no CDN. Every view reads the JSON API.
"use strict";

const $app = document.getElementById("app");
const $status = document.getElementById("status");
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function api(path) {
  $status.textContent = "loading…";
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json();
  $status.textContent = "";
  if (!res.ok) throw new Error(body.error ? `${body.error.code} ${body.error.message}` : res.statusText);
  return body;
}

function showError(err) {
  $app.innerHTML = `<div class="panel error" role="alert">${esc(err.message || err)}</div>`;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  return { parts: path ? path.split("/").map(decodeURIComponent) : [], params: new URLSearchParams(qs || "") };
}

function setActive(view) {
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
}

function flags(e) {
  return ["negated", "hypothetical", "future", "historical"].filter((f) => e[f]).map((f) => `<span class="flag">${f}</span>`).join("");
}

function codes(list) { return (list || []).join("+") || "–"; }

function eventRows(items) {
  if (!items.length) return `<p class="muted">No events.</p>`;
  return `<table class="events"><thead><tr><th>date</th><th>type</th><th>actor → recipient</th><th>evidence</th><th>source</th></tr></thead><tbody>` +
    items.map((e) => `<tr class="clickable event-row" data-article="${esc(e.article_id)}" data-event="${esc(e.id)}">
      <td>${esc(e.date || "?")}</td>
      <td><span class="type q${esc(e.quad)}">${esc(e.event)}</span>${e.mode ? ` <span class="muted">${esc(e.mode)}</span>` : ""}${flags(e)}</td>
      <td>${esc(codes(e.actor_codes))} → ${esc(codes(e.recipient_codes))}</td>
      <td class="evidence">${esc(e.evidence)}</td>
      <td class="muted">${esc(e.article_source || e.article_title || "")}</td></tr>`).join("") + `</tbody></table>`;
}

function bindEventRows(root) {
  root.querySelectorAll("tr.event-row").forEach((tr) => tr.addEventListener("click", () => {
    location.hash = `#/article/${encodeURIComponent(tr.dataset.article)}/${encodeURIComponent(tr.dataset.event)}`;
  }));
}

// ---- dyad view: picker, cooperation–conflict chart, timeline ----------------------------------------

function drawChart(el, items, onPick) {
  if (!items.length) { el.innerHTML = `<p class="muted">No dated events for this dyad.</p>`; return; }
  const W = 900, H = 260, L = 40, R = 20, T = 15, B = 40;
  const n = items.length, bw = Math.max(4, Math.min(40, (W - L - R) / n - 4));
  const x = (i) => L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const maxCount = Math.max(1, ...items.map((d) => d.events));
  const yG = (g) => T + ((10 - g) / 20) * (H - T - B); // Goldstein −10..10
  const yC = (c) => H - B - (c / maxCount) * (H - T - B) * 0.45;
  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="cooperation–conflict chart">`;
  svg += `<line class="axis" x1="${L}" x2="${W - R}" y1="${yG(0)}" y2="${yG(0)}"/>`;
  [-10, -5, 0, 5, 10].forEach((g) => { svg += `<text x="4" y="${yG(g) + 4}">${g}</text>`; });
  items.forEach((d, i) => {
    const coop = (d.verbal_coop || 0) + (d.material_coop || 0), conf = (d.verbal_conflict || 0) + (d.material_conflict || 0);
    svg += `<rect class="bar-coop" x="${x(i) - bw / 2}" y="${yC(coop)}" width="${bw / 2}" height="${H - B - yC(coop)}"><title>${coop} cooperative</title></rect>`;
    svg += `<rect class="bar-conf" x="${x(i)}" y="${yC(conf)}" width="${bw / 2}" height="${H - B - yC(conf)}"><title>${conf} conflictual</title></rect>`;
  });
  const pts = items.map((d, i) => `${x(i)},${yG(d.mean_goldstein ?? 0)}`).join(" ");
  svg += `<polyline class="line" points="${pts}"/>`;
  const every = Math.ceil(n / 12);
  items.forEach((d, i) => {
    svg += `<circle class="point" data-period="${esc(d.period)}" cx="${x(i)}" cy="${yG(d.mean_goldstein ?? 0)}" r="4"><title>${esc(d.period)}: ${d.events} events, mean Goldstein ${d.mean_goldstein}</title></circle>`;
    if (i % every === 0) svg += `<text x="${x(i) - 25}" y="${H - 12}">${esc(d.period.slice(0, 7))}</text>`;
  });
  svg += `</svg>`;
  el.innerHTML = svg + `<div class="legend"><span>— mean Goldstein (−10 conflict … +10 cooperation)</span><span style="color:#1f7a4d">■ cooperative events</span><span style="color:#b3261e">■ conflictual events</span></div>`;
  el.querySelectorAll("circle.point").forEach((c) => c.addEventListener("click", () => onPick(c.dataset.period)));
}

function periodEnd(start, by) {
  const d = new Date(start + "T00:00:00Z");
  if (by === "day") d.setUTCDate(d.getUTCDate() + 1);
  else if (by === "week") d.setUTCDate(d.getUTCDate() + 7);
  else if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else if (by === "quarter") d.setUTCMonth(d.getUTCMonth() + 3);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

async function viewDyad(parts, params) {
  setActive("dyad");
  const dyads = (await api("/api/dyads?limit=100")).items;
  let [a, b] = parts.length >= 3 ? [parts[1], parts[2]] : dyads.length ? [dyads[0].a, dyads[0].b] : ["", ""];
  const by = params.get("by") || "month";
  const options = dyads.map((d) => `<option value="${esc(d.a)}/${esc(d.b)}" ${d.a === a && d.b === b ? "selected" : ""}>${esc(d.a)} – ${esc(d.b)} (${d.events})</option>`).join("");
  $app.innerHTML = `<div class="panel"><div class="controls">
      <label>dyad<select id="dyad-picker">${options}</select></label>
      <label>by<select id="by">${["week", "month", "quarter", "year"].map((p) => `<option ${p === by ? "selected" : ""}>${p}</option>`).join("")}</select></label>
    </div><div id="chart" class="chart"></div></div>
    <div class="panel"><h2 id="timeline-title">Timeline</h2><div id="timeline"></div></div>`;
  document.getElementById("dyad-picker").addEventListener("change", (ev) => { location.hash = `#/dyad/${ev.target.value}?by=${by}`; });
  document.getElementById("by").addEventListener("change", (ev) => { location.hash = `#/dyad/${a}/${b}?by=${ev.target.value}`; });
  if (!a) { document.getElementById("chart").innerHTML = `<p class="muted">No dyads yet: run <code>detente run</code>.</p>`; return; }
  const series = await api(`/api/dyads/${a}/${b}/series?by=${by}`);
  const loadTimeline = async (since, until) => {
    const q = new URLSearchParams({ limit: "200" });
    if (since) q.set("since", since); if (until) q.set("until", until);
    const tl = await api(`/api/dyads/${a}/${b}/timeline?${q}`);
    document.getElementById("timeline-title").textContent = `${a} – ${b}: ${tl.total} events` + (since ? ` from ${since} to ${until}` : "");
    const el = document.getElementById("timeline");
    el.innerHTML = eventRows(tl.items);
    bindEventRows(el);
  };
  drawChart(document.getElementById("chart"), series.items, (period) => loadTimeline(period, periodEnd(period, by)).catch(showError));
  await loadTimeline();
}

// ---- events -----------------------------------------------------------------------------------------

async function viewEvents(parts, params) {
  setActive("events");
  const q = new URLSearchParams(params);
  if (!q.get("limit")) q.set("limit", "50");
  const data = await api(`/api/events?${q}`);
  const val = (k) => esc(params.get(k) || "");
  $app.innerHTML = `<div class="panel"><form id="filters" class="controls">
      <label>actor<input name="actor" size="4" value="${val("actor")}" placeholder="CHN"></label>
      <label>recipient<input name="recipient" size="4" value="${val("recipient")}" placeholder="USA"></label>
      <label>type<select name="type"><option value="">any</option>${TYPES.map((t) => `<option ${t === params.get("type") ? "selected" : ""}>${t}</option>`).join("")}</select></label>
      <label>since<input name="since" type="date" value="${val("since")}"></label>
      <label>until<input name="until" type="date" value="${val("until")}"></label>
      <label>place<input name="place" size="12" value="${val("place")}"></label>
      <label>flagged<select name="flagged"><option value="false">hide</option><option value="true" ${params.get("flagged") === "true" ? "selected" : ""}>show</option></select></label>
      <button class="primary">Filter</button></form>
      <p class="muted">${data.total} events</p><div id="event-table">${eventRows(data.items)}</div></div>`;
  bindEventRows($app);
  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new URLSearchParams();
    for (const [k, v] of new FormData(ev.target)) if (v && !(k === "flagged" && v === "false")) f.set(k, v);
    location.hash = `#/events?${f}`;
  });
}

// ---- article with highlighted evidence -------------------------------------------------------------------

function highlight(text, layers) {
  // layers: [{start, end, cls, attrs}]; split the text at every boundary, each piece carries the classes covering it
  const cuts = new Set([0, text.length]);
  layers.forEach((s) => { if (s.start >= 0 && s.end <= text.length && s.start < s.end) { cuts.add(s.start); cuts.add(s.end); } });
  const points = [...cuts].sort((p, q) => p - q);
  let html = "";
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i], to = points[i + 1];
    const on = layers.filter((s) => s.start <= from && s.end >= to);
    const cls = [...new Set(on.map((s) => s.cls))].join(" ");
    const title = on.map((s) => s.title).filter(Boolean).join(" · ");
    const piece = esc(text.slice(from, to));
    html += cls ? `<span class="${cls}"${title ? ` title="${esc(title)}"` : ""}>${piece}</span>` : piece;
  }
  return html;
}

async function viewArticle(parts) {
  setActive("events");
  const [id, eventId] = [parts[1], parts[2]];
  const data = await api(`/api/articles/${encodeURIComponent(id)}`);
  const art = data.article, text = art.text;
  const chosen = data.events.find((e) => e.id === eventId);
  const layers = [];
  data.mentions.forEach((m) => layers.push({ start: m.start, end: m.end, cls: "m", title: `${m.code || "?"} ${m.sector || ""} ${m.name || ""}` }));
  data.places.forEach((p) => layers.push({ start: p.start, end: p.end, cls: "p", title: `place: ${p.name || "?"}` }));
  data.dates.forEach((d) => layers.push({ start: d.start, end: d.end, cls: "d", title: `date: ${d.date || "?"}` }));
  data.quotes.forEach((q) => layers.push({ start: q.start, end: q.end, cls: "quote", title: `quote: ${q.speaker ? (q.speaker.name || q.speaker.text) : "?"}` }));
  if (chosen) {
    layers.push({ start: chosen.text_info.start, end: chosen.text_info.end, cls: "sent evidence-hit", title: `${chosen.event} evidence` });
    layers.push({ start: chosen.anchor.start, end: chosen.anchor.end, cls: "anchor", title: chosen.coder && chosen.coder.explanation });
  }
  const evList = data.events.map((e) => `<li><a href="#/article/${encodeURIComponent(id)}/${encodeURIComponent(e.id)}" class="event-link">
      <span class="type q${esc(e.quad_code)}">${esc(e.event)}</span> ${esc(codes((e.actor || []).map((x) => x.code)))} → ${esc(codes((e.recipient || []).map((x) => x.code)))}</a> ${esc(e.date || "")}${flags(e)}</li>`).join("");
  const quotes = data.quotes.map((q) => `<li><b>${esc(q.speaker ? (q.speaker.name || q.speaker.text) : "?")}</b> (${esc(q.kind)}): “${esc(q.text)}”</li>`).join("");
  $app.innerHTML = `<div class="grid"><div class="panel">
      <h2>${esc(art.title || "(untitled)")}</h2>
      <p class="muted">${esc(art.published || "undated")} · ${esc(art.source || "")} ${art.dateline_place ? "· " + esc(art.dateline_place) : ""} ${art.agencies && art.agencies.length ? "· " + esc(art.agencies.join(", ")) : ""} ${art.url ? `· <a href="${esc(art.url)}" rel="noopener noreferrer">source</a>` : ""}</p>
      ${chosen ? `<p id="explanation"><span class="type q${esc(chosen.quad_code)}">${esc(chosen.event)}</span> ${esc(chosen.coder && chosen.coder.explanation || "")}</p>` : ""}
      <div class="legend"><span class="m">actor</span><span class="p">place</span><span class="d">date</span><span class="quote">quote</span><span class="legend-evidence">evidence</span></div>
      <div class="article-text" id="article-text">${highlight(text, layers)}</div></div>
    <div><div class="panel"><h3>Events (${data.events.length})</h3><ul>${evList}</ul></div>
      <div class="panel"><h3>Quotes (${data.quotes.length})</h3><ul>${quotes}</ul></div>
      ${data.stories.length ? `<div class="panel"><h3>Story</h3>${data.stories.map((s) => `<a href="#/story/${encodeURIComponent(s.story_id)}">${esc(s.story_id)}</a>`).join(", ")}</div>` : ""}</div></div>`;
  const hit = document.querySelector(".evidence-hit");
  if (hit) { hit.id = "evidence"; hit.scrollIntoView({ block: "center" }); }
}

// ---- quotes, stories, network, map -----------------------------------------------------------------

async function viewQuotes(parts, params) {
  setActive("quotes");
  const q = params.get("q") || "";
  const data = await api(`/api/quotes?${new URLSearchParams({ q, limit: "100" })}`);
  $app.innerHTML = `<div class="panel"><form id="qs" class="controls"><label>search quotes<input name="q" size="40" value="${esc(q)}"></label><button class="primary">Search</button></form>
    <p class="muted">${data.total} quotes</p><table><thead><tr><th>speaker</th><th>quote</th><th>date</th></tr></thead><tbody>
    ${data.items.map((x) => `<tr class="clickable quote-row" data-article="${esc(x.article_id)}"><td><b>${esc(x.speaker_name || x.speaker_text || "?")}</b> <span class="muted">${esc(x.speaker_code || "")}</span></td><td>“${esc(x.text)}” <span class="muted">(${esc(x.kind)})</span></td><td>${esc(x.published || "")}</td></tr>`).join("")}
    </tbody></table></div>`;
  document.getElementById("qs").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = `#/quotes?q=${encodeURIComponent(new FormData(ev.target).get("q"))}`; });
  $app.querySelectorAll("tr.quote-row").forEach((tr) => tr.addEventListener("click", () => { location.hash = `#/article/${encodeURIComponent(tr.dataset.article)}`; }));
}

async function viewStories() {
  setActive("stories");
  const data = await api("/api/stories?limit=200");
  $app.innerHTML = `<div class="panel"><h2>${data.total} stories</h2><table><thead><tr><th>story</th><th>articles</th><th>sources</th><th>span</th></tr></thead><tbody>
    ${data.items.map((s) => `<tr class="clickable story-row" data-story="${esc(s.id)}"><td>${esc(s.label)}</td><td>${s.size}</td><td>${s.sources}</td><td>${esc(s.start_date || "?")} … ${esc(s.end_date || "?")}</td></tr>`).join("")}
    </tbody></table></div>`;
  $app.querySelectorAll("tr.story-row").forEach((tr) => tr.addEventListener("click", () => { location.hash = `#/story/${encodeURIComponent(tr.dataset.story)}`; }));
}

async function viewStory(parts) {
  setActive("stories");
  const s = await api(`/api/stories/${encodeURIComponent(parts[1])}`);
  $app.innerHTML = `<div class="panel"><h2>${esc(s.label)}</h2><p class="muted">${esc(s.start_date || "?")} … ${esc(s.end_date || "?")} · ${s.size} articles</p>
    <h3>Sources</h3><ul>${s.members.map((m) => `<li><a href="#/article/${encodeURIComponent(m.id)}">${esc(m.title || m.id)}</a> <span class="muted">${esc(m.source || "")} ${esc(m.published || "")}${m.duplicate_of ? " · syndicated copy" : ""}</span></li>`).join("")}</ul>
    <h3>Events, merged across reports</h3><table><thead><tr><th>date</th><th>type</th><th>actor → recipient</th><th>mentions</th><th>articles</th><th>sources</th></tr></thead><tbody>
    ${s.events.map((e) => `<tr><td>${esc(e.date || "?")}</td><td><span class="type">${esc(e.event)}</span> ${esc(e.mode || "")}</td><td>${esc(codes(e.actor_codes))} → ${esc(codes(e.recipient_codes))}</td><td>${e.num_mentions}</td><td>${e.num_articles}</td><td>${e.num_sources}</td></tr>`).join("")}</tbody></table></div>`;
}

async function viewNetwork() {
  setActive("network");
  const net = await api("/api/network");
  const nodes = net.nodes.slice(0, 30), W = 900, H = 520, cx = W / 2, cy = H / 2, r = Math.min(W, H) / 2 - 60;
  const pos = {};
  nodes.forEach((n, i) => { const a = (2 * Math.PI * i) / nodes.length; pos[n.id] = [cx + r * Math.cos(a), cy + r * Math.sin(a)]; });
  const maxW = Math.max(1, ...net.edges.map((e) => e.weight));
  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="actor network">`;
  net.edges.filter((e) => pos[e.source] && pos[e.target]).forEach((e) => {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const color = (e.mean_goldstein ?? 0) >= 0 ? "#1f7a4d" : "#b3261e";
    svg += `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="${1 + (4 * e.weight) / maxW}"><title>${esc(e.source)} → ${esc(e.target)}: ${e.weight} events, mean Goldstein ${e.mean_goldstein}</title></line>`;
  });
  nodes.forEach((n) => { const [x, y] = pos[n.id]; svg += `<circle cx="${x}" cy="${y}" r="${4 + Math.sqrt(n.weight)}" fill="#1d232a"><title>${esc(n.id)}: ${n.weight}</title></circle><text x="${x + 8}" y="${y - 6}">${esc(n.id)}</text>`; });
  $app.innerHTML = `<div class="panel" id="network"><h2>Who acts on whom</h2>${svg}</svg><p class="muted">Edges: actor → recipient, width by number of events, green cooperative, red conflictual on average.</p></div>`;
}

function topoArcs(topo) {
  // decode a TopoJSON topology's quantised, delta-encoded arcs into [lon, lat] polylines
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => { let x = 0, y = 0; return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; }); });
}

async function viewMap() {
  setActive("map");
  const [land, places] = await Promise.all([fetch("/static/land-110m.json").then((r) => r.json()), api("/api/places")]);
  const W = 960, H = 500, X = (lon) => ((lon + 180) / 360) * W, Y = (lat) => ((90 - lat) / 180) * H;
  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="map of event locations">`;
  topoArcs(land).forEach((line) => {
    let d = "", prev = null;
    line.forEach(([lon, lat]) => { const jump = prev === null || Math.abs(lon - prev) > 180; d += `${jump ? "M" : "L"}${X(lon).toFixed(1)},${Y(lat).toFixed(1)}`; prev = lon; });
    svg += `<path class="land" d="${d}"/>`;
  });
  const maxN = Math.max(1, ...places.items.map((p) => p.events));
  places.items.forEach((p) => { svg += `<circle class="place" data-event="${esc(p.example_event)}" cx="${X(p.lon)}" cy="${Y(p.lat)}" r="${3 + 9 * Math.sqrt(p.events / maxN)}"><title>${esc(p.name)}: ${p.events} events (${esc((p.types || []).join(", "))})</title></circle>`; });
  $app.innerHTML = `<div class="panel" id="map"><h2>Where events happened</h2>${svg}</svg><p class="muted">${places.items.length} places. Coastlines: Natural Earth 1:110m via world-atlas (shipped, no tile server).</p></div>`;
  $app.querySelectorAll("circle.place").forEach((c) => c.addEventListener("click", async () => {
    const e = await api(`/api/events/${encodeURIComponent(c.dataset.event)}`);
    location.hash = `#/article/${encodeURIComponent(e.article_id)}/${encodeURIComponent(e.id)}`;
  }));
}

async function route() {
  const { parts, params } = parseHash();
  const views = { dyad: viewDyad, events: viewEvents, article: viewArticle, quotes: viewQuotes, stories: viewStories, story: viewStory, network: viewNetwork, map: viewMap };
  const view = views[parts[0]] || viewDyad;
  try { await view(parts, params); } catch (err) { showError(err); }
}

window.addEventListener("hashchange", route);
route();
