// smsv2 inbox: plain JavaScript over the JSON API (/_smsv2/api/). Message content is only
// ever set with textContent, never parsed as HTML.
"use strict";

(() => {
  const API = "/_smsv2/api/";
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || new URLSearchParams(location.hash.slice(1)).get("token");
  const $ = (id) => document.getElementById(id);

  const state = {
    view: "messages",
    number: null, // the open conversation
    conversations: [],
    outcomes: {},
    known: [],
    detailId: null,
  };

  // --- API --------------------------------------------------------------------------------
  async function api(method, path, body) {
    const headers = {};
    if (token) headers.Authorization = "Bearer " + token;
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const answer = await fetch(API + path, init);
    const data = await answer.json();
    if (!answer.ok) {
      const error = (data && data.error) || {};
      throw new Error(error.message || "HTTP " + answer.status);
    }
    return data;
  }

  function query(extra) {
    const q = new URLSearchParams();
    const values = {
      text: $("search").value.trim(),
      destination: $("f-destination").value.trim(),
      origination: $("f-origination").value.trim(),
      status: $("f-status").value,
      configuration_set: $("f-configuration-set").value.trim(),
      direction: $("f-direction").value,
      ...extra,
    };
    for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
    return q.toString();
  }

  // --- small DOM helpers ------------------------------------------------------------------
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function time(epoch) {
    return new Date(epoch * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function dateTime(epoch) {
    return new Date(epoch * 1000).toLocaleString();
  }

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), 4000);
  }

  function badge(status) {
    return el("span", "badge s-" + status.toLowerCase(), status);
  }

  // --- conversations ----------------------------------------------------------------------
  async function loadConversations() {
    const data = await api("GET", "conversations?" + query());
    state.conversations = data.conversations;
    renderConversations();
  }

  function renderConversations() {
    const list = $("conversations");
    const focusedNumber = document.activeElement && document.activeElement.dataset.number;
    list.replaceChildren();
    for (const conversation of state.conversations) {
      const item = el("li", "conversation");
      item.setAttribute("role", "option");
      item.dataset.number = conversation.number;
      const selected = conversation.number === state.number;
      item.setAttribute("aria-selected", String(selected));
      item.tabIndex = selected ? 0 : -1;
      const last = conversation.last;
      const top = el("div", "row-between");
      top.append(el("strong", "number", conversation.number), el("span", "muted small", time(last.timestamp)));
      const bottom = el("div", "row-between");
      const preview = el("span", "preview", (last.direction === "inbound" ? "↩ " : "") + (last.body || kindLabel(last)));
      bottom.append(preview, badge(last.status));
      item.append(top, bottom);
      item.addEventListener("click", () => openConversation(conversation.number));
      list.append(item);
    }
    if (!list.querySelector('[tabindex="0"]') && list.firstElementChild) list.firstElementChild.tabIndex = 0;
    $("empty-list").hidden = state.conversations.length > 0;
    if (focusedNumber) {
      const again = list.querySelector(`[data-number="${CSS.escape(focusedNumber)}"]`);
      if (again) again.focus();
    }
  }

  function kindLabel(message) {
    if (message.channel === "VOICE") return "Voice call";
    if (message.channel === "MEDIA") return "Media message";
    if (message.channel === "RCS") return "RCS message";
    return "";
  }

  function moveInList(step) {
    const items = [...$("conversations").children];
    if (!items.length) return;
    const current = items.indexOf(document.activeElement);
    let next = current < 0 ? 0 : current + step;
    if (step === Infinity) next = items.length - 1;
    if (step === -Infinity) next = 0;
    next = Math.max(0, Math.min(items.length - 1, next));
    items.forEach((item, i) => (item.tabIndex = i === next ? 0 : -1));
    items[next].focus();
    openConversation(items[next].dataset.number);
  }

  $("conversations").addEventListener("keydown", (event) => {
    const moves = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (event.key in moves) {
      event.preventDefault();
      moveInList(moves[event.key]);
    } else if (event.key === "Enter" && document.activeElement.dataset.number) {
      event.preventDefault();
      openConversation(document.activeElement.dataset.number);
      $("reply-body").focus();
    }
  });
  $("conversations").addEventListener("focus", (event) => {
    if (event.target === $("conversations")) {
      const first = $("conversations").querySelector('[tabindex="0"]');
      if (first) first.focus();
    }
  });

  // --- one conversation -------------------------------------------------------------------
  async function openConversation(number) {
    state.number = number;
    for (const item of $("conversations").children) {
      item.setAttribute("aria-selected", String(item.dataset.number === number));
    }
    await loadThread();
  }

  async function loadThread() {
    if (!state.number) return;
    const q = new URLSearchParams({ destination: state.number, limit: "500" });
    const data = await api("GET", "messages?" + q.toString());
    const messages = data.messages.filter((m) => m.number === state.number).reverse();
    renderThread(messages);
  }

  function renderThread(messages) {
    $("thread-empty").hidden = true;
    $("thread-wrap").hidden = false;
    $("thread-number").textContent = state.number;
    $("thread-count").textContent = messages.length + (messages.length === 1 ? " message" : " messages");
    const thread = $("thread");
    const nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 40;
    thread.replaceChildren();
    let lastOrigin = null;
    const origins = new Set();
    for (const message of messages) {
      if (message.origination) origins.add(message.origination);
      if (message.direction === "outbound" && message.origination !== lastOrigin) {
        thread.append(el("li", "origin", "from " + (message.origination || "unknown origin")));
        lastOrigin = message.origination;
      }
      thread.append(bubble(message));
    }
    fillReplyTargets([...origins]);
    fillOutcome();
    if (nearBottom || thread.dataset.number !== state.number) thread.scrollTop = thread.scrollHeight;
    thread.dataset.number = state.number;
  }

  function bubble(message) {
    const item = el("li", "bubble " + message.direction);
    item.dataset.id = message.id;
    item.tabIndex = 0;
    const card = el("div", "card-" + message.channel.toLowerCase());
    if (message.channel === "VOICE") {
      const head = el("div", "call-head", "Voice call");
      head.append(el("span", "muted small", " · " + (message.voice_id || "") + " · " + (message.text_type || "TEXT")));
      card.append(head);
      card.append(el(message.text_type === "SSML" ? "pre" : "p", "body", message.body));
    } else {
      if (message.body) card.append(el("p", "body", message.body));
      for (const url of message.media_urls || []) card.append(el("div", "media", "Attachment: " + url));
      if (message.channel === "RCS" && !message.body) card.append(el("div", "muted", "RCS content"));
    }
    const meta = el("div", "meta");
    meta.append(el("span", "", time(message.timestamp)));
    if (message.direction === "outbound") meta.append(badge(message.status));
    if (message.keyword) meta.append(el("span", "badge keyword", message.keyword));
    item.append(card, meta);
    if (message.reply) item.append(el("div", "auto-reply", "auto-reply: " + message.reply));
    item.addEventListener("click", () => openDetail(message.id));
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") openDetail(message.id);
    });
    return item;
  }

  function fillReplyTargets(origins) {
    const select = $("reply-to");
    const previous = select.value;
    select.replaceChildren();
    for (const origin of origins.filter((o) => o.startsWith("+"))) {
      const option = el("option", "", "to " + origin);
      option.value = origin;
      select.append(option);
    }
    if (origins.includes(previous)) select.value = previous;
    else if (select.options.length) select.selectedIndex = select.options.length - 1;
  }

  function fillOutcome() {
    const select = $("outcome-select");
    if (select.options.length <= 1) {
      for (const status of state.known) {
        const option = el("option", "", status);
        option.value = status;
        select.append(option);
      }
    }
    select.value = state.outcomes[state.number] || "";
  }

  // --- message details --------------------------------------------------------------------
  async function openDetail(id) {
    state.detailId = id;
    const message = await api("GET", "messages/" + encodeURIComponent(id));
    renderDetail(message);
  }

  function field(list, name, value) {
    if (value === undefined || value === null || value === "") return;
    list.append(el("dt", "", name));
    const dd = el("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    list.append(dd);
  }

  function markedBody(body, nonGsm) {
    // The characters that forced UCS-2 are wrapped in <mark>, built node by node.
    const wrap = el("div", "marked");
    const special = new Set(nonGsm);
    for (const ch of body) {
      if (special.has(ch)) wrap.append(el("mark", "", ch));
      else wrap.append(document.createTextNode(ch));
    }
    return wrap;
  }

  function renderDetail(message) {
    const body = $("detail-body");
    body.replaceChildren();
    const list = el("dl", "fields");
    field(list, "Message ID", message.id);
    field(list, "Direction", message.direction === "outbound" ? "sent" : "received");
    field(list, "Operation", message.operation);
    field(list, "Number", message.number);
    field(list, "Origination", message.origination);
    field(list, "Configuration set", message.configuration_set);
    field(list, "Message type", message.message_type);
    field(list, "TTL", message.time_to_live ? message.time_to_live + " s" : null);
    field(list, "Price", message.price !== undefined ? "$" + message.price.toFixed(5) : null);
    field(list, "Sent at", dateTime(message.timestamp));
    if (message.context && Object.keys(message.context).length) {
      const ctx = el("ul", "plain");
      for (const [k, v] of Object.entries(message.context)) ctx.append(el("li", "", k + " = " + v));
      field(list, "Context", ctx);
    }
    if (message.encoding) {
      const enc = message.encoding;
      field(list, "Encoding", enc.encoding + " · " + enc.parts + (enc.parts === 1 ? " part" : " parts") + " · " + enc.units + " units");
      if (enc.non_gsm_characters.length) field(list, "Forced UCS-2", markedBody(message.body || "", enc.non_gsm_characters));
    }
    if (message.keyword) field(list, "Keyword", message.keyword + " → " + (message.action || ""));
    body.append(list);
    if (message.timeline) {
      body.append(el("h3", "", "Delivery timeline"));
      const steps = el("ol", "timeline");
      for (const step of message.timeline) {
        const li = el("li", step.reached ? "reached" : "upcoming");
        li.append(badge(step.status), el("span", "muted small", " " + time(step.at) + (step.reached ? "" : " (due)")));
        if (step.destinations.length) li.append(el("div", "small", "→ " + step.destinations.join(", ")));
        steps.append(li);
      }
      body.append(steps);
    }
    $("detail").hidden = false;
  }

  $("detail-close").addEventListener("click", () => {
    $("detail").hidden = true;
    state.detailId = null;
  });

  // --- acting as the world ----------------------------------------------------------------
  async function reply(text) {
    const to = $("reply-to").value;
    if (!to) return toast("No number of the account in this conversation to reply to.");
    try {
      const answer = await api("POST", "inbound", { from: state.number, to, body: text });
      $("reply-result").textContent = answer.reply ? "Auto-reply: " + answer.reply : "Delivered to the application.";
      $("reply-body").value = "";
      await refresh();
    } catch (error) {
      toast(error.message);
    }
  }

  $("reply").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("reply-body").value.trim();
    if (text) reply(text);
  });
  for (const button of document.querySelectorAll(".keyword[data-keyword]")) {
    button.addEventListener("click", () => reply(button.dataset.keyword));
  }

  $("outcome-select").addEventListener("change", async (event) => {
    const status = event.target.value || null;
    try {
      await api("PUT", "outcomes/" + encodeURIComponent(state.number), { status });
      await loadOutcomes();
      toast(status ? "Later messages to this number end " + status + "." : "Default outcome restored.");
    } catch (error) {
      toast(error.message);
    }
  });

  for (const button of document.querySelectorAll(".advance")) {
    button.addEventListener("click", async () => {
      try {
        await api("POST", "clock", { advance_seconds: Number(button.dataset.seconds) });
        await refresh();
      } catch (error) {
        toast(error.message);
      }
    });
  }

  async function putFaults(values) {
    try {
      const answer = await api("PUT", "faults", values);
      $("faults-result").textContent = "Applied. Faults injected so far: " + answer.injected + ".";
    } catch (error) {
      toast(error.message);
    }
  }

  $("faults").addEventListener("submit", (event) => {
    event.preventDefault();
    putFaults({
      throttle_percent: Number($("fault-throttle").value),
      error_percent: Number($("fault-error").value),
      after_work_percent: Number($("fault-after").value),
      after_work: $("fault-after-how").value,
    });
  });
  $("faults-off").addEventListener("click", () => {
    for (const id of ["fault-throttle", "fault-error", "fault-after"]) $(id).value = "0";
    putFaults({});
  });

  $("clear").addEventListener("click", async () => {
    await api("DELETE", "messages", {});
    state.number = null;
    $("thread-wrap").hidden = true;
    $("thread-empty").hidden = false;
    $("detail").hidden = true;
    await refresh();
  });

  // --- account view -----------------------------------------------------------------------
  function table(headings, rows) {
    const t = el("table");
    const head = el("tr");
    for (const h of headings) head.append(el("th", "", h));
    const thead = el("thead");
    thead.append(head);
    t.append(thead);
    const tbody = el("tbody");
    for (const row of rows) {
      const tr = el("tr");
      for (const cell of row) tr.append(el("td", "", cell === null || cell === undefined ? "—" : cell));
      tbody.append(tr);
    }
    t.append(tbody);
    return t;
  }

  function section(title, content, emptyText) {
    const box = el("section", "account-section");
    box.append(el("h3", "", title));
    box.append(content || el("p", "muted", emptyText));
    return box;
  }

  function renderAccount(data) {
    const root = $("account");
    root.replaceChildren();
    if (!data.accounts.length) root.append(el("p", "empty big", "No account has been used yet."));
    for (const account of data.accounts) {
      const card = el("article", "card account");
      const title = el("h2", "", account.account_id + " · " + account.region + " ");
      title.append(el("span", "badge tier", account.tier));
      card.append(title);
      const spend = el("div", "spend");
      for (const s of account.spend) {
        const line = el("div", "spend-line");
        const limit = s.limit === null ? "no limit" : "$" + s.limit;
        line.append(el("span", "", s.channel), el("span", "muted small", "$" + s.spent.toFixed(4) + " of " + limit));
        const bar = el("div", "bar");
        const fill = el("div", "fill");
        fill.style.width = Math.min(100, s.limit ? (100 * s.spent) / s.limit : 0) + "%";
        bar.append(fill);
        line.append(bar);
        spend.append(line);
      }
      card.append(section("Spend this month", spend));
      const optOuts = el("div", "opt-outs");
      for (const list of account.opt_out_lists) {
        const box = el("div", "opt-out-list");
        box.dataset.name = list.OptOutListName;
        box.append(el("h4", "", list.OptOutListName));
        const ul = el("ul", "plain numbers");
        for (const n of list.numbers) ul.append(el("li", "", n.OptedOutNumber + (n.EndUserOptedOut ? " (replied STOP)" : "")));
        if (!list.numbers.length) ul.append(el("li", "muted", "no numbers"));
        box.append(ul);
        optOuts.append(box);
      }
      card.append(section("Opt-out lists", account.opt_out_lists.length ? optOuts : null, "No opt-out list."));
      const numbers = account.phone_numbers.map((p) => [p.PhoneNumber, p.PhoneNumberId, p.NumberType, p.Status, p.PoolId || null, p.OptOutListName, p.TwoWayEnabled ? "yes" : "no"]);
      card.append(section("Phone numbers", numbers.length ? table(["Number", "ID", "Type", "Status", "Pool", "Opt-out list", "Two-way"], numbers) : null, "No phone number."));
      const pools = account.pools.map((p) => [p.PoolId, p.Status, p.MessageType, p.OptOutListName, p.TwoWayEnabled ? "yes" : "no"]);
      card.append(section("Pools", pools.length ? table(["Pool", "Status", "Type", "Opt-out list", "Two-way"], pools) : null, "No pool."));
      const senders = account.sender_ids.map((s) => [s.SenderId, s.IsoCountryCode, (s.MessageTypes || []).join(", ")]);
      if (senders.length) card.append(section("Sender IDs", table(["Sender ID", "Country", "Types"], senders)));
      const verified = account.verified_destinations.map((v) => [v.DestinationPhoneNumber, v.Status]);
      card.append(section("Verified destinations (sandbox)", verified.length ? table(["Number", "Status"], verified) : null, "None."));
      root.append(card);
    }
    const outcomes = Object.entries(data.delivery_outcomes);
    root.append(section("Delivery outcomes chosen", outcomes.length ? table(["Destination", "Outcome"], outcomes) : null, "Every number gets the default outcome."));
  }

  async function loadAccount() {
    renderAccount(await api("GET", "account"));
  }

  async function loadOutcomes() {
    const data = await api("GET", "outcomes");
    state.outcomes = data.delivery_outcomes;
    if (!state.known.length) {
      state.known = data.known_outcomes;
      const select = $("f-status");
      for (const status of ["PENDING", "SUCCESSFUL", ...state.known, "RECEIVED"]) {
        if ([...select.options].some((o) => o.value === status)) continue;
        const option = el("option", "", status);
        option.value = status;
        select.append(option);
      }
    }
    fillOutcome();
  }

  async function loadClock() {
    const data = await api("GET", "clock");
    $("clock").textContent = "Fake clock: " + dateTime(data.now) + (data.settle === "manual" ? " (manual)" : "");
    $("clock-big").textContent = dateTime(data.now);
  }

  // --- views, refresh and live updates ----------------------------------------------------
  function show(view) {
    state.view = view;
    for (const name of ["messages", "account", "world"]) {
      $("view-" + name).hidden = name !== view;
      $("tab-" + name).setAttribute("aria-selected", String(name === view));
    }
    refresh();
  }
  for (const name of ["messages", "account", "world"]) $("tab-" + name).addEventListener("click", () => show(name));

  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        const work = [loadClock()];
        if (state.view === "messages") {
          work.push(loadConversations(), loadThread());
          if (state.detailId) work.push(openDetail(state.detailId).catch(() => ($("detail").hidden = true)));
        }
        if (state.view === "account") work.push(loadAccount());
        await Promise.all(work);
      } catch (error) {
        toast(error.message);
      } finally {
        refreshing = null;
        if (again) {
          again = false;
          refresh();
        }
      }
    })();
    return refreshing;
  }

  let typing = null;
  $("filters").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(refresh, 150);
  });
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  $("reset-filters").addEventListener("click", () => {
    $("filters").reset();
    refresh();
  });

  function connect() {
    const url = API + "stream" + (token ? "?token=" + encodeURIComponent(token) : "");
    const source = new EventSource(url);
    const live = $("live");
    source.addEventListener("open", () => {
      live.textContent = "live";
      live.className = "live on";
    });
    source.addEventListener("error", () => {
      live.textContent = "reconnecting…";
      live.className = "live off";
    });
    source.addEventListener("change", () => refresh());
  }

  loadOutcomes().then(refresh).catch((error) => toast(error.message));
  connect();
})();
