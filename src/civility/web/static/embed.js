/* Civility comments for any page (docs/embed.md). Talks only to the server it came from. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src).origin;
  var canonical = document.querySelector("link[rel=canonical]");
  var articleUrl = script.getAttribute("data-article-url")
    || (canonical ? canonical.href : location.origin + location.pathname);
  var root = document.getElementById(script.getAttribute("data-container") || "civility-comments");
  if (!root) {
    root = document.createElement("section");
    script.parentNode.insertBefore(root, script.nextSibling);
  }
  root.classList.add("civility");
  if (!document.querySelector("link[data-civility]")) {
    document.head.appendChild(el("link", { rel: "stylesheet", href: base + "/static/embed.css",
      "data-civility": "" }));
  }
  root.setAttribute("aria-label", "Comments");

  // page: the last page shown; held: the reader's held comments seen.
  var state = { reported: {}, page: 0, pages: 0, total: 0, held: {} };
  // One live region, never rebuilt (a new one may go unannounced).
  var live = el("p", { "class": "civility-live", role: "status", "aria-live": "polite" });
  // Not a style attribute: a host page's CSP may forbid those.
  Object.assign(live.style, { position: "absolute", width: "1px", height: "1px", margin: "-1px",
    padding: "0", border: "0", overflow: "hidden", clipPath: "inset(50%)", whiteSpace: "nowrap" });
  var view = el("div", { "class": "civility-view" });
  root.replaceChildren(view, live);
  var timer;
  // Readers' names for the API's error fields.
  var FIELDS = { "body.author_name": "Name", "body.author_email": "Email", "body.text": "Comment" };
  // The reader's held comments, kept per article: 20, for a week.
  var PENDING_MAX = 20;
  var PENDING_AGE = 6048e5;
  var PENDING_NOTE = "Awaiting moderation — only you can see this.";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    }
    node.append.apply(node, (children || []).filter(Boolean));
    return node;
  }

  function send(method, path, payload) {
    var options = { method: method, credentials: "omit", headers: { Accept: "application/json" } };
    if (payload) {
      // JSON: only the configured origins pass its CORS preflight. No cookies.
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    // The script's origin, not the server's idea of it (behind a TLS proxy).
    return fetch(base + path, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body, headers: response.headers };
      });
    });
  }

  function get(path) {
    return send("GET", path).then(function (answer) {
      if (!answer.ok) { throw problem(answer); }
      return answer;
    });
  }

  function problem(answer) {
    return Object.assign(new Error(detail(answer.body) || "HTTP " + answer.status),
      { status: answer.status });
  }

  function detail(body) {
    if (!body || !body.detail) { return ""; }
    return [].concat(body.detail).join("; ");
  }

  function plainDetail(body) {
    // "body.author_email: ..." -> "Email: ..." (the API's own stays for other clients).
    var items = body && body.detail ? [].concat(body.detail) : [];
    return items.map(function (item) {
      var text = String(item);
      var match = /^((?:body|query|path)(?:\.[\w.]+)?): (.*)$/.exec(text);
      if (!match) { return sentence(text); }
      return FIELDS[match[1]] ? FIELDS[match[1]] + ": " + match[2] : sentence(match[2]);
    }).join(" ");
  }

  function sentence(text) {
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(text) ? text : text + ".";
  }

  function warn(what, error) {
    // For developers; readers get plain sentences.
    console.warn("Civility: " + what + ": " + (error && error.message));
  }

  function announce(message, shown) {
    // One message at a time: an older one goes.
    root.querySelectorAll(".civility-form-status, .civility-report-status, .civility-flash")
      .forEach(function (node) { node.textContent = ""; });
    if (shown) { shown.textContent = message; }
    // Emptied, then set: a repeated message is announced again.
    live.textContent = "";
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function byId(id) {
    return document.getElementById("civility-c" + id);
  }

  function focus(node) {
    node.setAttribute("tabindex", "-1");
    node.focus();
  }

  function commentsPath() {
    return "/api/v1/articles/" + encodeURIComponent(state.article.slug) + "/comments";
  }

  function pendingKey() {
    return "civility.pending:" + base + "/articles/" + state.article.slug;
  }

  function stored() {
    // Storage may be refused (private modes); anything odd is dropped.
    var since = Date.now() - PENDING_AGE;
    try {
      return JSON.parse(localStorage.getItem(pendingKey()) || "[]").filter(function (p) {
        return p && Number.isInteger(p.id) && typeof p.token === "string"
          && /^[\w-]+$/.test(p.token) && p.at > since;
      }).slice(-PENDING_MAX);
    } catch (e) { return []; }
  }

  function store(entries) {
    try {
      if (entries.length) { localStorage.setItem(pendingKey(), JSON.stringify(entries)); }
      else { localStorage.removeItem(pendingKey()); }
    } catch (e) { /* as in stored */ }
  }

  function loadPage(n) {
    // Page n, with the reader's held comments placed there (status "held").
    var saved = stored();
    var pairs = saved.map(function (p) { return p.id + "." + p.token; }).join(",");
    return get(commentsPath() + "?page=" + n + "&pending=" + encodeURIComponent(pairs))
      .then(function (answer) {
        var number = function (name) { return +answer.headers.get("X-" + name) || 0; };
        if (n === 1) { state.held = {}; }
        state.total = number("Total-Count");
        state.page = number("Page");
        state.pages = number("Page-Count");
        answer.body.forEach(function (c) { if (c.status === "held") { state.held[c.id] = 1; } });
        // All pages seen: those not back held were approved or refused.
        if (state.page >= state.pages) { store(saved.filter(function (p) { return state.held[p.id]; })); }
        return answer.body;
      });
  }

  function loadUntil(n, got) {
    // Pages 1 to n (or the last), in turn.
    return loadPage(got ? state.page + 1 : 1).then(function (comments) {
      got = (got || []).concat(comments);
      return state.page < Math.min(n, state.pages) ? loadUntil(n, got) : got;
    });
  }

  function refresh(message, commentId, reply) {
    // The pages shown again; a reply is in one, a new thread on the last: all then.
    return loadUntil(reply ? state.page : Infinity).then(function (comments) {
      render(comments);
      // The form used is gone: focus to the new comment or heading.
      var item = byId(commentId);
      focus(item || document.getElementById("civility-title"));
      var flash = el("p", { "class": "civility-flash" });
      if (item) { item.querySelector(".civility-meta").after(flash); }
      announce(message, item ? flash : null);
    });
  }

  function start() {
    view.replaceChildren(el("p", { "class": "civility-status", text: "Loading comments…" }));
    Promise.all([
      get("/api/v1/config"),
      get("/api/v1/embed/article?url=" + encodeURIComponent(articleUrl))
    ]).then(function (results) {
      state.config = results[0].body;
      state.article = results[1].body;
      return loadPage(1);
    }).then(render).catch(function (error) {
      warn("comments unavailable", error);
      var closed = error.status === 404;
      view.replaceChildren(el("p", { "class": "civility-status", role: closed ? "note" : "alert",
        text: closed ? "Comments are not open on this page."
          : "Comments could not be loaded. Please try again later." }));
    });
  }

  function render(comments) {
    // Published comments, on every page; the reader's held ones do not count.
    var title = el("h2", { id: "civility-title", text: "COMMENTS (" + state.total + ")" });
    var list = el("ol", { "class": "civility-thread", "aria-labelledby": "civility-title" });
    addThreads(list, comments);
    var faq = el("a", { href: base + state.config.faq_url, text: "Comments FAQ",
      target: "_blank", rel: "noopener" });
    var note = el("p", { "class": "civility-note" }, [
      "Comments are moderated and generally will be posted if they are on-topic and not "
        + "abusive. For more information, please see our ", faq, "."]);
    // Closed: comments stay readable and reportable, no form.
    var end = state.article.comments_open ? [el("h3", { text: "Add a comment" }), note, form(null)]
      : [el("p", { "class": "civility-closed", text: "Comments are closed." })];
    var more = state.page < state.pages ? moreButton(list) : [];
    view.replaceChildren.apply(view, [title, list].concat(more, end));
  }

  function addThreads(list, comments) {
    // A held comment shown since posting moves to where the server puts it.
    comments.forEach(function (c) { var old = byId(c.id); if (old) { old.remove(); } });
    return threads(comments).map(function (node) { return list.appendChild(renderNode(node)); });
  }

  function moreButton(list) {
    var button = el("button", { type: "button", "class": "civility-more", text: "Show more comments" });
    var status = el("p", { "class": "civility-form-status" });
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-busy")) { return; }
      button.setAttribute("aria-busy", "true");
      announce("Loading more comments…", status);
      loadPage(state.page + 1).then(function (comments) {
        var added = addThreads(list, comments)[0];
        if (state.page >= state.pages) { button.remove(); }
        // Reading goes on at the first thread added.
        if (added) { focus(added); }
        announce("More comments shown.", status);
      }).catch(function (error) {
        warn("comments unavailable", error);
        announce("More comments could not be loaded. Please try again.", status);
      }).then(function () { button.removeAttribute("aria-busy"); });
    });
    return [button, status];
  }

  function threads(comments) {
    var nodes = {};
    var roots = [];
    comments.forEach(function (c) { nodes[c.id] = { comment: c, children: [] }; });
    comments.forEach(function (c) {
      var parent = nodes[c.parent_id];
      (parent ? parent.children : roots).push(nodes[c.id]);
    });
    return roots;
  }

  function mention(c, body, underParent) {
    // "@Name", linked when its comment is shown; none if the text opens so.
    if (!c.reply_to_name || opensWith(body.textContent, c.reply_to_name)) { return null; }
    var at = ["@", el("bdi", { text: c.reply_to_name })];
    return el("p", { "class": "civility-reply-to" },
      underParent ? [el("a", { href: "#civility-c" + c.parent_id }, at)] : at);
  }

  function stamp(iso) {
    // As the site's pages, in UTC: "December 1, 2026, 18:33 UTC".
    var d = new Date(iso);
    return d.toLocaleString("en-US", { month: "long", timeZone: "UTC" }) + " " + d.getUTCDate()
      + ", " + d.getUTCFullYear() + ", " + d.toISOString().slice(11, 16) + " UTC";
  }

  function opensWith(text, name) {
    var head = text.replace(/^\s+/, "");
    var at = "@" + name;
    if (head.slice(0, at.length).toLowerCase() !== at.toLowerCase()) { return false; }
    // "@MarkHenry" is not MarkH: the name must end where the mention does.
    return !/^[\p{L}\p{N}_]/u.test(head.slice(at.length));
  }

  function renderNode(node, underParent) {
    var c = node.comment;
    var body = el("div", { "class": "civility-body" });
    // Sanitised by the server (nh3); all else is set as text.
    body.innerHTML = c.html;
    var replyTo = mention(c, body, underParent);
    if (replyTo) { body.prepend(replyTo); }
    var when = el("time", { datetime: c.created_at, text: stamp(c.created_at) });
    var meta = el("p", { "class": "civility-meta" }, [el("strong", { text: c.author_name }), " ", when]);
    var held = c.status === "held";
    var item = el("li", { "class": "civility-comment" + (held ? " civility-pending" : ""),
      id: "civility-c" + c.id }, [meta, held && el("p", { "class": "civility-pending-note",
      text: PENDING_NOTE }), body]);
    // Held: nothing to reply to or report.
    if (!held) { addActions(item, c); }
    if (node.children.length) {
      item.appendChild(el("ol", { "class": "civility-replies" },
        node.children.map(function (child) { return renderNode(child, true); })));
    }
    return item;
  }

  function addActions(item, c) {
    var reply = el("button", { type: "button", "class": "civility-reply",
      "aria-expanded": "false", "aria-label": "Reply to " + c.author_name, text: "Reply" });
    var flag = el("button", { type: "button", "class": "civility-report",
      "aria-label": "Report comment by " + c.author_name, text: "Report" });
    var flagged = el("span", { "class": "civility-report-status", tabindex: "-1" });
    if (state.reported[c.id]) { flag.disabled = true; flag.textContent = "Reported"; }
    item.append.apply(item, [reply, " ", flag, " ", flagged].slice(state.article.comments_open ? 0 : 2));
    reply.addEventListener("click", function () { toggleReply(item, reply, c); });
    flag.addEventListener("click", function () { report(c, flag, flagged); });
  }

  function showPending(c, parent) {
    // Last, under its parent if any, as a reload puts it; kept for that.
    if (typeof c.pending_token === "string") {
      store(stored().concat({ id: c.id, token: c.pending_token, at: Date.now() })
        .slice(-PENDING_MAX));
      state.held[c.id] = 1;
    }
    var item = parent && byId(parent.id);
    var list = item ? item.querySelector(":scope > .civility-replies")
      : view.querySelector(".civility-thread");
    if (!list) { list = item.appendChild(el("ol", { "class": "civility-replies" })); }
    list.appendChild(renderNode({ comment: c, children: [] }, !!item));
  }

  function report(c, button, status) {
    if (button.getAttribute("aria-busy")) { return; }
    button.setAttribute("aria-busy", "true");
    send("POST", "/api/v1/comments/" + c.id + "/reports", {}).then(function (answer) {
      if (!answer.ok) { throw problem(answer); }
      state.reported[c.id] = true;
      // Focus to the thanks before the button is disabled (else it drops to the page).
      announce("Thanks, a moderator will look at it.", status);
      status.focus();
      button.disabled = true;
      button.textContent = "Reported";
    }).catch(function (error) {
      warn("report not sent", error);
      announce(error.status === 429 ? "Too many reports from your address; try again later."
        : error.status === 404 ? "This comment is no longer shown, so it cannot be reported."
          : "The report could not be sent. Please try again.", status);
    }).then(function () { button.removeAttribute("aria-busy"); });
  }

  function toggleReply(item, button, parent) {
    var open = item.querySelector(":scope > form");
    if (open) { open.remove(); button.setAttribute("aria-expanded", "false"); button.focus(); return; }
    var replyForm = form(parent);
    item.querySelector(":scope > .civility-report-status").after(replyForm);
    button.setAttribute("aria-expanded", "true");
    replyForm.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggleReply(item, button, parent); }
    });
    replyForm.querySelector("input").focus();
  }

  function field(id, label, input) {
    return el("p", {}, [el("label", { "for": id, text: label }), el("br"), input]);
  }

  function form(parent) {
    var suffix = parent ? "-" + parent.id : "";
    var name = el("input", { id: "civility-name" + suffix, name: "author_name", required: "",
      maxlength: "100", autocomplete: "name" });
    var email = el("input", { id: "civility-email" + suffix, name: "author_email", type: "email",
      maxlength: "320", autocomplete: "email" });
    var text = el("textarea", { id: "civility-text" + suffix, name: "text", required: "", rows: "4",
      maxlength: String(state.config.max_comment_chars) });
    var submit = el("button", { type: "submit",
      text: parent ? "Post reply to " + parent.author_name : "Post comment" });
    var status = el("p", { "class": "civility-form-status" });
    var node = el("form", { "class": "civility-form", novalidate: "" }, [
      field(name.id, "Name", name),
      field(email.id, "Email (optional, never shown)", email),
      field(text.id, parent ? "Your reply" : "Your comment", text),
      submit, status]);
    var key = newKey();
    node.addEventListener("submit", function (event) {
      event.preventDefault();
      // Busy, not disabled: a focused disabled button drops focus to the page.
      if (submit.getAttribute("aria-disabled")) { return; }
      if (!name.value.trim() || !text.value.trim()) {
        announce("Please give your name and a comment.", status);
        return;
      }
      submit.setAttribute("aria-disabled", "true");
      post({ author_name: name.value, author_email: email.value || null, text: text.value,
        parent_id: parent ? parent.id : null, client_key: key })
        .then(function (outcome) {
          if (outcome.published) {
            return refresh(outcome.message, outcome.id, parent).catch(function (error) {
              warn("comments not reloaded", error);
              text.value = "";
              key = newKey();
              announce(outcome.message, status);
            });
          }
          // Held: shown, the text goes. Refused, or 409 (an earlier version's answer was
          // lost): it stays. Sent again, it is new: new key.
          key = newKey();
          if (outcome.held) { showPending(outcome.held, parent); text.value = ""; }
          announce(outcome.message, status);
        })
        .catch(function (error) { announce(error.message, status); })
        .then(function () { submit.removeAttribute("aria-disabled"); });
    });
    return node;
  }

  function newKey() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function post(payload) {
    return send("POST", commentsPath(), payload).catch(function (error) {
      warn("comment not sent", error);
      throw new Error("Your comment could not be sent. Please try again.");
    }).then(function (answer) {
      var body = answer.body || {};
      var why = (body.reasons || []).map(function (r) { return r.words; }).join("; ");
      if (answer.status === 201) {
        return { published: true, id: body.id, message: "Your comment is published." };
      }
      if (answer.status === 202) {
        return { held: body,
          message: "Your comment is awaiting moderation" + (why ? " (" + why + ")." : ".") };
      }
      if (answer.status === 403 && body.status) {
        return { message: "Your comment was not published" + (why ? ": " + why + "." : ".") };
      }
      if (answer.status === 409) {
        return { message: "An earlier version of this comment was received; " +
          "send again to post this one too." };
      }
      warn("comment not posted", problem(answer));
      if ([403, 413, 422, 429].indexOf(answer.status) >= 0 && plainDetail(body)) {
        throw new Error(plainDetail(body));
      }
      throw new Error("Your comment could not be posted. Please try again.");
    });
  }

  start();
})();
