// Keyboard shortcuts for the moderation queue: j/k move, a approves, r rejects.
// The buttons work without this file; it only presses them for the moderator.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue > .queue-item"));
  var current = 0;
  if (items.length === 0) {
    return;
  }

  function select(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      item.classList.toggle("is-current", i === current);
    });
    items[current].focus();
  }

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
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    var inside = event.target && event.target.closest ? event.target.closest(".queue-item") : null;
    if (inside && items.indexOf(inside) !== -1) {
      current = items.indexOf(inside);
    }
    var actions = {
      j: function () { select(current + 1); },
      k: function () { select(current - 1); },
      a: function () { press("a"); },
      r: function () { press("r"); }
    };
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  select(0);
})();
