// Keyboard shortcuts for the moderation queue: j/k move, a approves, r rejects.
// The buttons work without this file; it only presses them for the moderator.
(function () {
  "use strict";
  var STORE_KEY = "civility.shortcuts";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue > .queue-item"));
  var toggle = document.getElementById("keys-on");
  var current = 0;

  // Single-letter keys can be switched off (WCAG 2.1.4): speech input users type letters.
  function stored() {
    try {
      return window.localStorage.getItem(STORE_KEY);
    } catch (e) {
      return null; // storage refused (private mode): shortcuts stay on, as by default
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(STORE_KEY, value);
    } catch (e) {
      // Not remembered, but the switch still applies to this page.
    }
  }

  if (toggle) {
    toggle.checked = stored() !== "off";
    toggle.closest(".keys-switch").hidden = false;
    toggle.addEventListener("change", function () {
      store(toggle.checked ? "on" : "off");
    });
  }

  function shortcutsOn() {
    return !toggle || toggle.checked;
  }

  if (items.length === 0) {
    return;
  }

  function mark(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      item.classList.toggle("is-current", i === current);
      if (i === current) {
        item.setAttribute("aria-current", "true");
      } else {
        item.removeAttribute("aria-current");
      }
    });
  }

  // `still`: focus without scrolling, as on load, where the page opens at its top (the decision's
  // confirmation, the heading and the filters); j and k scroll to the item they reach.
  function select(index, still) {
    mark(index);
    items[current].focus(still ? { preventScroll: true } : undefined);
  }

  function visibleHeight(item) {
    var box = item.getBoundingClientRect();
    return Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0));
  }

  // In view: at least half of it shows, or half the window for an item taller than the window.
  function inView(item) {
    var height = item.getBoundingClientRect().height;
    return visibleHeight(item) >= Math.min(height, window.innerHeight) / 2;
  }

  // The first item the moderator can see whole; else the one that fills most of the window.
  function firstInView() {
    var best = -1;
    var bestHeight = 0;
    for (var i = 0; i < items.length; i++) {
      var box = items[i].getBoundingClientRect();
      if (box.top >= 0 && box.bottom <= window.innerHeight) {
        return i;
      }
      var shown = visibleHeight(items[i]);
      if (shown > bestHeight) {
        best = i;
        bestHeight = shown;
      }
    }
    return best;
  }

  // The current item follows the scroll, so the highlighted one is always on screen and a or r
  // decides what the moderator sees, never a comment scrolled away.
  function follow() {
    if (inView(items[current])) {
      return;
    }
    var seen = firstInView();
    if (seen !== -1) {
      mark(seen);
    }
  }

  var pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        follow();
      });
    }
  }, { passive: true });

  // Focus or a click inside an item makes it current.
  function adopt(event) {
    var inside = event.target && event.target.closest ? event.target.closest(".queue-item") : null;
    var index = inside ? items.indexOf(inside) : -1;
    if (index !== -1 && index !== current) {
      mark(index);
    }
  }
  document.addEventListener("focusin", adopt);
  document.addEventListener("click", adopt);

  function press(key) {
    var button = items[current].querySelector('button[data-key="' + key + '"]');
    if (button) {
      button.click();
    }
  }

  function isTyping(target) {
    var name = target && target.tagName;
    return name === "INPUT" || name === "TEXTAREA" || name === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (!shortcutsOn() || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    var actions = {
      j: function () { select(current + 1); },
      k: function () { select(current - 1); },
      a: function () { press("a"); },
      r: function () { press("r"); }
    };
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      follow(); // a scroll whose event has not run yet still moves the current item first
      if ((event.key === "a" || event.key === "r") && visibleHeight(items[current]) === 0) {
        // Nothing of it shows (the page opened at its top on a short window): show it first,
        // so a key never decides a comment the moderator has not seen. Scrolled explicitly:
        // focusing the item that has focus already scrolls nothing.
        select(current, true);
        items[current].scrollIntoView({ block: "nearest" });
        return;
      }
      actions[event.key]();
    }
  });

  // Keyboard users start on the first item, but the page stays at its top.
  select(0, true);
})();
