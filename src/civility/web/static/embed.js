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

  var state = { config: null, article: null };

  function canonicalUrl() {
    var link = document.querySelector("link[rel=canonical]");
    return link ? link.href : location.origin + location.pathname;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function getJson(path) {
    return fetch(base + path, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(detail(body) || "HTTP " + response.status); }
          return body;
        });
      });
  }

  function detail(body) {
    if (!body || !body.detail) { return ""; }
    return Array.isArray(body.detail) ? body.detail.join("; ") : String(body.detail);
  }

  function refresh(message) {
    getJson("/api/v1/articles/" + encodeURIComponent(state.article.slug) + "/comments")
      .then(function (comments) {
        render(comments);
        root.querySelector(".civility-live").textContent = message;
      });
  }

  function start() {
    root.replaceChildren(el("p", { "class": "civility-status", text: "Loading comments…" }));
    Promise.all([
      getJson("/api/v1/config"),
      getJson("/api/v1/embed/article?url=" + encodeURIComponent(articleUrl))
    ]).then(function (results) {
      state.config = results[0];
      state.article = results[1];
      return getJson("/api/v1/articles/" + encodeURIComponent(state.article.slug) + "/comments");
    }).then(render).catch(function (error) {
      root.replaceChildren(el("p", { "class": "civility-status", role: "alert",
        text: "Comments are unavailable: " + error.message }));
    });
  }

  function render(comments) {
    var title = el("h2", { id: "civility-title", text: "COMMENTS (" + comments.length + ")" });
    var live = el("p", { "class": "civility-live", "aria-live": "polite", role: "status" });
    var list = el("ol", { "class": "civility-thread", "aria-labelledby": "civility-title" });
    threads(comments).forEach(function (node) { list.appendChild(renderNode(node)); });
    var faq = el("a", { href: base + state.config.faq_url, text: "Comments FAQ",
      target: "_blank", rel: "noopener" });
    var note = el("p", { "class": "civility-note" }, [
      document.createTextNode("Comments are moderated and generally will be posted if they are "
        + "on-topic and not abusive. For more information, please see our "), faq,
      document.createTextNode(".")]);
    root.replaceChildren(title, list, el("h3", { text: "Add a comment" }), note,
      form(null), live);
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

  function renderNode(node) {
    var c = node.comment;
    var body = el("div", { "class": "civility-body" });
    // The server renders a markdown subset and sanitises it (nh3): the same HTML its own
    // article pages show. Names and everything else are set as text.
    body.innerHTML = c.html;
    var when = el("time", { datetime: c.created_at, text: new Date(c.created_at).toLocaleString() });
    var reply = el("button", { type: "button", "class": "civility-reply",
      "aria-expanded": "false", text: "Reply" });
    var item = el("li", { "class": "civility-comment", id: "civility-c" + c.id }, [
      el("p", { "class": "civility-meta" }, [el("strong", { text: c.author_name }),
        document.createTextNode(" "), when]),
      body, reply]);
    reply.addEventListener("click", function () { toggleReply(item, reply, c); });
    if (node.children.length) {
      var replies = el("ol", { "class": "civility-replies" });
      node.children.forEach(function (child) { replies.appendChild(renderNode(child)); });
      item.appendChild(replies);
    }
    return item;
  }

  function toggleReply(item, button, parent) {
    var open = item.querySelector(":scope > form");
    if (open) { open.remove(); button.setAttribute("aria-expanded", "false"); button.focus(); return; }
    var replyForm = form(parent);
    button.after(replyForm);
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
    var status = el("p", { "class": "civility-form-status", "aria-live": "polite" });
    var node = el("form", { "class": "civility-form", novalidate: "" }, [
      field(name.id, "Name", name),
      field(email.id, "Email (optional, never shown)", email),
      field(text.id, parent ? "Your reply" : "Your comment", text),
      submit, status]);
    var key = newKey();
    node.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!name.value.trim() || !text.value.trim()) {
        status.textContent = "Please give your name and a comment.";
        return;
      }
      submit.disabled = true;
      post({ author_name: name.value, author_email: email.value || null, text: text.value,
        parent_id: parent ? parent.id : null, client_key: key })
        .then(function (outcome) {
          status.textContent = outcome.message;
          text.value = "";
          key = newKey();
          if (outcome.published) { refresh(outcome.message); }
        })
        .catch(function (error) { status.textContent = error.message; })
        .then(function () { submit.disabled = false; });
    });
    return node;
  }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function post(payload) {
    // JSON only: the browser asks the server first (CORS preflight), and only the site's
    // configured origins are allowed to send it. No cookies are sent.
    // The script's own origin, not the URL the server reported: behind a TLS proxy the server
    // may not know its public scheme.
    return fetch(base + "/api/v1/articles/" + encodeURIComponent(state.article.slug) + "/comments", {
      method: "POST", credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) {
        var why = (body.reasons || []).map(function (r) { return r.words; }).join("; ");
        if (response.status === 201) { return { published: true, message: "Your comment is published." }; }
        if (response.status === 202) {
          return { published: false,
            message: "Your comment is awaiting moderation" + (why ? " (" + why + ")." : ".") };
        }
        if (response.status === 403) {
          return { published: false,
            message: "Your comment was not published" + (why ? ": " + why + "." : ".") };
        }
        throw new Error(detail(body) || "Could not post (HTTP " + response.status + ").");
      });
    });
  }

  start();
})();
