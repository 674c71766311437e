/*
 * Civility comments for any page:
 *   <div id="civility-comments"></div>   (optional: where the thread goes)
 *   <script src="https://comments.example/embed.js" data-article-url="https://news.example/a" async></script>
 * Talks only to the server the script came from. No dependencies, no cookies, no third parties.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src).origin;
  var articleUrl = script.getAttribute("data-article-url") || canonicalUrl();
  var root = document.getElementById(script.getAttribute("data-container") || "civility-comments");
  if (!root) {
    root = document.createElement("section");
    script.parentNode.insertBefore(root, script.nextSibling);
  }
  root.classList.add("civility");
  if (!document.querySelector("link[data-civility]")) {
    // Same server as the script: the page's own styles still win where they are more specific.
    document.head.appendChild(el("link", { rel: "stylesheet", href: base + "/static/embed.css",
      "data-civility": "" }));
  }
  root.setAttribute("aria-label", "Comments");

  var state = { config: null, article: null, reported: {} };
  // The one live region, never rebuilt: a region created along with its message may not be
  // announced at all. Visually hidden; what it says is also shown next to what it is about.
  var live = el("p", { "class": "civility-live", role: "status", "aria-live": "polite" });
  // Set through the style object, not a style attribute: a host page's CSP may forbid those.
  Object.assign(live.style, { position: "absolute", width: "1px", height: "1px", margin: "-1px",
    padding: "0", border: "0", overflow: "hidden", clipPath: "inset(50%)", whiteSpace: "nowrap" });
  var view = el("div", { "class": "civility-view" });
  root.replaceChildren(view, live);
  var announceTimer = null;
  // What readers call the fields the API names in its errors ("body.author_email: ...").
  var FIELDS = { "body.author_name": "Name", "body.author_email": "Email", "body.text": "Comment" };
  // The reader's own held comments, kept per article to show after a reload: 20, for a week.
  var PENDING_MAX = 20;
  var PENDING_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
  var PENDING_NOTE = "Awaiting moderation — only you can see this.";

  function canonicalUrl() {
    var link = document.querySelector("link[rel=canonical]");
    return link ? link.href : location.origin + location.pathname;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    // A string child is set as text.
    (children || []).forEach(function (child) { if (child) { node.append(child); } });
    return node;
  }

  function send(method, path, payload) {
    var options = { method: method, credentials: "omit", headers: { Accept: "application/json" } };
    if (payload) {
      // JSON only: the browser asks the server first (CORS preflight), and only the site's
      // configured origins may send it. No cookies are sent.
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    // The script's own origin, not the URL the server reported: behind a TLS proxy it may not
    // know its public scheme.
    return fetch(base + path, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    });
  }

  function getJson(path) {
    return send("GET", path).then(function (answer) {
      if (!answer.ok) { throw problem(answer); }
      return answer.body;
    });
  }

  function problem(answer) {
    var error = new Error(detail(answer.body) || "HTTP " + answer.status);
    error.status = answer.status;
    error.body = answer.body;
    return error;
  }

  function detail(body) {
    if (!body || !body.detail) { return ""; }
    return Array.isArray(body.detail) ? body.detail.join("; ") : String(body.detail);
  }

  function plainDetail(body) {
    // "body.author_email: ..." -> "Email: ...": the field in the reader's words; the API's
    // own format stays as is for its other clients.
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

  function logProblem(what, error) {
    // The technical reason is for the site's developers; readers get a plain sentence.
    if (window.console) { console.warn("Civility: " + what + ": " + (error && error.message)); }
  }

  function announce(message, shown) {
    // One message at a time: an older one (another form's, an earlier report's) goes.
    root.querySelectorAll(".civility-form-status, .civility-report-status, .civility-flash")
      .forEach(function (node) { node.textContent = ""; });
    if (shown) { shown.textContent = message; }
    // Emptied first, then set: the same message twice in a row is still announced.
    live.textContent = "";
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function commentsPath() {
    return "/api/v1/articles/" + encodeURIComponent(state.article.slug) + "/comments";
  }

  function pendingKey() {
    return "civility.pending:" + base + "/articles/" + state.article.slug;
  }

  function savedPending() {
    // Storage may be missing or refused (private modes): then nothing shows after a reload.
    // Anything unexpected in it is dropped; the server checks each token anyway.
    var since = Date.now() - PENDING_MAX_AGE_MS;
    try {
      return JSON.parse(localStorage.getItem(pendingKey()) || "[]").filter(function (p) {
        return p && Number.isInteger(p.id) && typeof p.token === "string"
          && /^[\w-]+$/.test(p.token) && p.at > since;
      }).slice(-PENDING_MAX);
    } catch (e) { return []; }
  }

  function savePending(entries) {
    try {
      if (entries.length) { localStorage.setItem(pendingKey(), JSON.stringify(entries)); }
      else { localStorage.removeItem(pendingKey()); }
    } catch (e) { /* as in savedPending */ }
  }

  function loadComments() {
    // Published comments, and the reader's own still held (status "held").
    var saved = savedPending();
    var pairs = saved.map(function (p) { return p.id + "." + p.token; }).join(",");
    var query = pairs ? "?pending=" + encodeURIComponent(pairs) : "";
    return getJson(commentsPath() + query).then(function (comments) {
      if (saved.length) {
        var held = {};
        comments.forEach(function (c) { if (c.status === "held") { held[c.id] = true; } });
        // Approved ones now show like any other, refused ones are gone: neither is kept.
        savePending(saved.filter(function (p) { return held[p.id]; }));
      }
      return comments;
    });
  }

  function refresh(message, commentId) {
    return loadComments().then(function (comments) {
      render(comments);
      // The form used is gone: focus goes to the new comment, else the heading.
      var item = document.getElementById("civility-c" + commentId);
      var target = item || document.getElementById("civility-title");
      target.setAttribute("tabindex", "-1");
      target.focus();
      var flash = el("p", { "class": "civility-flash" });
      if (item) { item.querySelector(".civility-meta").after(flash); }
      announce(message, item ? flash : null);
    });
  }

  function start() {
    view.replaceChildren(el("p", { "class": "civility-status", text: "Loading comments…" }));
    Promise.all([
      getJson("/api/v1/config"),
      getJson("/api/v1/embed/article?url=" + encodeURIComponent(articleUrl))
    ]).then(function (results) {
      state.config = results[0];
      state.article = results[1];
      return loadComments();
    }).then(render).catch(function (error) {
      logProblem("comments unavailable", error);
      var closed = error.status === 404;
      view.replaceChildren(el("p", { "class": "civility-status", role: closed ? "note" : "alert",
        text: closed ? "Comments are not open on this page."
          : "Comments could not be loaded. Please try again later." }));
    });
  }

  function render(comments) {
    // What everyone sees: the reader's own held comments are not counted.
    var count = comments.filter(function (c) { return c.status !== "held"; }).length;
    var title = el("h2", { id: "civility-title", text: "COMMENTS (" + count + ")" });
    var list = el("ol", { "class": "civility-thread", "aria-labelledby": "civility-title" });
    threads(comments).forEach(function (node) { list.appendChild(renderNode(node, false)); });
    var faq = el("a", { href: base + state.config.faq_url, text: "Comments FAQ",
      target: "_blank", rel: "noopener" });
    var note = el("p", { "class": "civility-note" }, [
      "Comments are moderated and generally will be posted if they are on-topic and not "
        + "abusive. For more information, please see our ", faq, "."]);
    // Closed (by hand or by age): comments stay readable and reportable, no form.
    var end = state.article.comments_open ? [el("h3", { text: "Add a comment" }), note, form(null)]
      : [el("p", { "class": "civility-closed", text: "Comments are closed." })];
    view.replaceChildren.apply(view, [title, list].concat(end));
  }

  function threads(comments) {
    var byId = {};
    var roots = [];
    comments.forEach(function (c) { byId[c.id] = { comment: c, children: [] }; });
    comments.forEach(function (c) {
      var parent = c.parent_id !== null ? byId[c.parent_id] : null;
      (parent ? parent.children : roots).push(byId[c.id]);
    });
    return roots;
  }

  function mention(c, body, underParent) {
    // As the site's own pages: "@Name", a link to the comment answered when that is shown;
    // none when the text itself opens with that mention.
    if (!c.reply_to_name || opensWithMention(body.textContent, c.reply_to_name)) { return null; }
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

  function opensWithMention(text, name) {
    var head = text.replace(/^\s+/, "");
    var at = "@" + name;
    if (head.slice(0, at.length).toLowerCase() !== at.toLowerCase()) { return false; }
    // "@MarkHenry" names someone else than MarkH: the name must end where the mention does.
    return !/^[\p{L}\p{N}_]/u.test(head.slice(at.length));
  }

  function renderNode(node, underParent) {
    var c = node.comment;
    var body = el("div", { "class": "civility-body" });
    // The server renders a markdown subset and sanitises it (nh3): the same HTML its own
    // article pages show. Names and everything else are set as text.
    body.innerHTML = c.html;
    var replyTo = mention(c, body, underParent);
    if (replyTo) { body.prepend(replyTo); }
    var when = el("time", { datetime: c.created_at, text: stamp(c.created_at) });
    var meta = el("p", { "class": "civility-meta" }, [el("strong", { text: c.author_name }), " ", when]);
    var item;
    if (c.status === "held") {
      // The reader's own comment, not yet decided on: nothing to reply to or report.
      item = el("li", { "class": "civility-comment civility-pending", id: "civility-c" + c.id },
        [meta, el("p", { "class": "civility-pending-note", text: PENDING_NOTE }), body]);
    } else {
      item = el("li", { "class": "civility-comment", id: "civility-c" + c.id }, [meta, body]);
      addActions(item, c);
    }
    if (node.children.length) {
      var replies = el("ol", { "class": "civility-replies" });
      node.children.forEach(function (child) { replies.appendChild(renderNode(child, true)); });
      item.appendChild(replies);
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
    var actions = [reply, " ", flag, " ", flagged];
    item.append.apply(item, actions.slice(state.article.comments_open ? 0 : 2));
    reply.addEventListener("click", function () { toggleReply(item, reply, c); });
    flag.addEventListener("click", function () { report(c, flag, flagged); });
  }

  function showPending(c, parent) {
    // Where a reload puts it: last (the newest), under its parent if any; kept for that reload.
    if (typeof c.pending_token === "string") {
      savePending(savedPending().concat({ id: c.id, token: c.pending_token, at: Date.now() })
        .slice(-PENDING_MAX));
    }
    var item = parent && document.getElementById("civility-c" + parent.id);
    var list = item ? item.querySelector(":scope > .civility-replies")
      : view.querySelector(".civility-thread");
    if (!list) { list = item.appendChild(el("ol", { "class": "civility-replies" })); }
    list.appendChild(renderNode({ comment: c, children: [] }, !!item));
  }

  function report(c, button, status) {
    if (button.getAttribute("aria-busy") === "true") { return; }
    button.setAttribute("aria-busy", "true");
    send("POST", "/api/v1/comments/" + c.id + "/reports", {}).then(function (answer) {
      if (!answer.ok) { throw problem(answer); }
      state.reported[c.id] = true;
      // Focus to the thanks before the button is disabled, else it drops to the page.
      announce("Thanks, a moderator will look at it.", status);
      status.focus();
      button.disabled = true;
      button.textContent = "Reported";
    }).catch(function (error) {
      logProblem("report not sent", error);
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
    // Shown next to the form; the live region announces it.
    var status = el("p", { "class": "civility-form-status" });
    var node = el("form", { "class": "civility-form", novalidate: "" }, [
      field(name.id, "Name", name),
      field(email.id, "Email (optional, never shown)", email),
      field(text.id, parent ? "Your reply" : "Your comment", text),
      submit, status]);
    var key = newKey();
    node.addEventListener("submit", function (event) {
      event.preventDefault();
      // Busy, not disabled: a focused button that is disabled drops focus to the page.
      if (submit.getAttribute("aria-disabled") === "true") { return; }
      if (!name.value.trim() || !text.value.trim()) {
        announce("Please give your name and a comment.", status);
        return;
      }
      submit.setAttribute("aria-disabled", "true");
      post({ author_name: name.value, author_email: email.value || null, text: text.value,
        parent_id: parent ? parent.id : null, client_key: key })
        .then(function (outcome) {
          if (outcome.published) {
            return refresh(outcome.message, outcome.id).catch(function (error) {
              logProblem("comments not reloaded", error);
              text.value = "";
              key = newKey();
              announce(outcome.message, status);
            });
          }
          // Held: shown in the thread, marked, and the text goes. Refused, or the key spent (409:
          // an earlier version's answer was lost): the text stays. Sent again, it is new: new key.
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
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function post(payload) {
    return send("POST", commentsPath(), payload).catch(function (error) {
      logProblem("comment not sent", error);
      throw new Error("Your comment could not be sent. Please try again.");
    }).then(function (answer) {
      var body = answer.body || {};
      var why = (body.reasons || []).map(function (r) { return r.words; }).join("; ");
      if (answer.status === 201) {
        return { published: true, id: body.id, message: "Your comment is published." };
      }
      if (answer.status === 202) {
        return { published: false, held: body,
          message: "Your comment is awaiting moderation" + (why ? " (" + why + ")." : ".") };
      }
      if (answer.status === 403 && body.status) {
        return { published: false,
          message: "Your comment was not published" + (why ? ": " + why + "." : ".") };
      }
      if (answer.status === 409) {
        return { published: false, message: "An earlier version of this comment was received; " +
          "send again to post this one too." };
      }
      logProblem("comment not posted", problem(answer));
      if ([403, 413, 422, 429].indexOf(answer.status) >= 0 && plainDetail(body)) {
        throw new Error(plainDetail(body));
      }
      throw new Error("Your comment could not be posted. Please try again.");
    });
  }

  start();
})();
