// The Vantage status page: polls /api/status and draws it. Every text from the coordinator (names,
// hosts, reasons, agents' messages) goes into the document through textContent, never as markup.
"use strict";

const POLL_MS = 2000;
const TOKEN_KEY = "vantage.read-token";
const STATES = ["DOWN", "FLAPPING", "REGIONAL", "WARNING", "UNKNOWN", "BLACKOUT", "PAUSED", "UP"];
const view = { q: "", state: "", page: 1, size: 50 };
let timer = null;
let lastPages = 1;
// Bumped by every change of filter, state or page: an answer to an older request is dropped.
let generation = 0;

function $(id) {
  return document.getElementById(id);
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  return e;
}

// 4s, 2m5s, 1h3m, 2d4h: as the CLI prints an age.
function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return s + "s";
  if (s < 3600) return Math.floor(s / 60) + "m" + (s % 60 ? (s % 60) + "s" : "");
  if (s < 86400) return Math.floor(s / 3600) + "h" + (Math.floor(s / 60) % 60 ? (Math.floor(s / 60) % 60) + "m" : "");
  return Math.floor(s / 86400) + "d" + (Math.floor(s / 3600) % 24 ? (Math.floor(s / 3600) % 24) + "h" : "");
}

function time(iso) {
  return iso ? iso.replace(/\.\d+Z$/, "Z") : "-";
}

function refresh() {
  generation++;
  clearTimeout(timer);
  poll(generation);
}

function schedule(gen) {
  clearTimeout(timer);
  timer = setTimeout(() => poll(gen), POLL_MS);
}

async function poll(gen) {
  const params = new URLSearchParams({ q: view.q, state: view.state, page: String(view.page), size: String(view.size) });
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.Authorization = "Bearer " + token;
  }
  let response;
  let body;
  try {
    response = await fetch("/api/status?" + params.toString(), { headers: headers, cache: "no-store", credentials: "omit" });
    body = await response.text();
  } catch (e) {
    if (gen === generation) {
      problem("The coordinator cannot be reached; trying again every " + POLL_MS / 1000 + " s.");
      schedule(gen);
    }
    return;
  }
  if (gen !== generation) {
    return;
  }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    askToken(token ? "That token was not accepted (unknown, revoked or expired); enter another." : "");
    return;
  }
  if (!response.ok) {
    problem(body.trim() || "The coordinator answered " + response.status + ".");
    schedule(gen);
    return;
  }
  problem("");
  render(JSON.parse(body));
  if (gen === generation) {
    schedule(gen);
  }
}

function problem(text) {
  $("problem").hidden = !text;
  $("problem").textContent = text;
}

function askToken(why) {
  $("content").hidden = true;
  $("token-form").hidden = false;
  $("forget").hidden = true;
  $("updated").textContent = "";
  problem(why);
  $("token").focus();
}

function render(s) {
  $("token-form").hidden = true;
  $("content").hidden = false;
  $("forget").hidden = !sessionStorage.getItem(TOKEN_KEY);
  $("updated").textContent = "updated " + time(s.generated_at) + ", every " + POLL_MS / 1000 + " s";
  lastPages = s.pages;
  if (view.page > s.pages) {
    view.page = s.pages;
    refresh();
    return;
  }
  renderStates(s.states);
  renderIncidents(s.incidents, s.incidents_total);
  renderMonitors(s);
}

function renderStates(counts) {
  const box = $("states");
  box.replaceChildren();
  const all = STATES.reduce((sum, st) => sum + (counts[st] || 0), 0);
  box.append(stateButton("", "All " + all));
  for (const st of STATES) {
    box.append(stateButton(st, st + " " + (counts[st] || 0)));
  }
}

function stateButton(state, label) {
  const b = el("button", "", label);
  b.type = "button";
  b.dataset.state = state;
  b.setAttribute("aria-pressed", String(view.state === state));
  b.addEventListener("click", () => {
    view.state = state;
    view.page = 1;
    refresh();
  });
  return b;
}

function renderIncidents(incidents, total) {
  const list = $("incidents");
  list.replaceChildren();
  $("incident-count").textContent = total > incidents.length ? "(" + incidents.length + " newest of " + total + ")" : "(" + total + ")";
  if (incidents.length === 0) {
    list.append(el("li", "muted", "none"));
  }
  for (const i of incidents) {
    const li = el("li", "incident");
    li.dataset.monitorId = String(i.monitor_id);
    li.append(el("span", "monitor-name", i.monitor), " ", el("span", "muted", i.target), " DOWN since " + time(i.since) + ", incident " + i.id + "; failing: ");
    const failing = i.failing.map(f => f.location + " " + f.reason + " at " + time(f.at)).join(", ");
    li.append(el("span", "failing", failing || "-"));
    list.append(li);
  }
}

function renderMonitors(s) {
  const body = $("monitors").tBodies[0];
  body.replaceChildren();
  $("monitor-count").textContent = "(" + s.total + (view.q || view.state ? " matching" : "") + ")";
  if (s.monitors.length === 0) {
    const tr = el("tr");
    const td = el("td", "muted", "No monitor matches.");
    td.colSpan = 3;
    tr.append(td);
    body.append(tr);
  }
  for (const m of s.monitors) {
    const tr = el("tr");
    tr.dataset.monitorId = String(m.id);
    const who = el("td", "monitor");
    who.append(el("div", "name", m.name), el("div", "target", m.target));
    const state = el("td", "state");
    state.append(el("span", "badge " + m.state, m.state));
    if (m.since) {
      state.append(el("div", "muted since", "since " + time(m.since)));
    }
    const grid = el("div", "grid");
    for (const l of m.locations) {
      grid.append(cell(l, s.first_hour));
    }
    const where = el("td");
    where.append(grid);
    tr.append(who, state, where);
    body.append(tr);
  }
  $("page-info").textContent = "page " + s.page + " of " + s.pages;
  $("prev").disabled = s.page <= 1;
  $("next").disabled = s.page >= s.pages;
}

function cell(l, firstHour) {
  const c = el("div", "cell");
  c.dataset.location = l.location;
  c.append(el("span", "where", l.location), el("span", "badge status " + l.status, l.status === "NO_AGENT" ? "NO AGENT" : l.status === "UNHEALTHY" ? "LOCATION UNHEALTHY" : l.status));
  const detail = [];
  if (l.reason) detail.push(l.reason);
  if (l.connect_ms !== null) detail.push(l.connect_ms.toFixed(3) + " ms");
  if (l.age_s !== null) detail.push(duration(l.age_s) + " ago");
  const d = el("div", "detail", detail.join(" · ") || "no result yet");
  if (l.message) {
    d.title = l.message;
  }
  c.append(d, bar(l.bar, firstHour));
  return c;
}

function bar(figures, firstHour) {
  const b = el("div", "bar");
  const start = Date.parse(firstHour);
  figures.forEach((p, i) => {
    const hour = new Date(start + i * 3600000).toISOString().slice(11, 16);
    const seg = el("span", p === null ? "" : p >= 100 ? "full" : p >= 90 ? "part" : "low");
    seg.title = hour + " UTC: " + (p === null ? "no data" : p + "% connected");
    b.append(seg);
  });
  return b;
}

function start() {
  let debounce = null;
  $("filter").addEventListener("input", e => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      view.q = e.target.value.trim();
      view.page = 1;
      refresh();
    }, 300);
  });
  $("prev").addEventListener("click", () => {
    view.page = Math.max(1, view.page - 1);
    refresh();
  });
  $("next").addEventListener("click", () => {
    view.page = Math.min(lastPages, view.page + 1);
    refresh();
  });
  $("token-form").addEventListener("submit", e => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    refresh();
  });
  $("forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    generation++;
    clearTimeout(timer);
    askToken("");
  });
  refresh();
}

document.addEventListener("DOMContentLoaded", start);
