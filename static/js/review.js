/*
 * The moderation queue's review page, enhanced: one-key shortcuts for its decisions,
 * a warning before the staff session runs out, and what the moderator types kept in
 * this browser tab (sessionStorage) so that it survives signing in again. Without
 * script the page's forms and links work as they are.
 */
(function () {
  "use strict";
  var review = document.querySelector("[data-review-post]");
  if (!review) {
    return;
  }
  var postId = review.getAttribute("data-review-post");

  // Shortcuts: a key names a button (pressed) or a field (focused).
  var help = review.querySelector("[data-shortcut-help]");
  if (help) {
    help.hidden = false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, button, [contenteditable]")) {
      return;
    }
    var key = (event.key || "").toLowerCase();
    if (!/^[a-z]$/.test(key)) {
      return;
    }
    var element = review.querySelector('[data-shortcut="' + key + '"]');
    if (!element) {
      return;
    }
    event.preventDefault();
    var field = element.querySelector("textarea, input:not([type=hidden]), select");
    if (field) {
      field.focus();
    } else {
      element.click();
    }
  });

  // What is typed is kept per post until the decision on it is made.
  var store = null;
  try {
    store = window.sessionStorage;
  } catch (error) {
    store = null;
  }
  var PREFIX = "askwell-review:";
  var SUBMITTED = PREFIX + "submitted";
  if (store) {
    var submitted = store.getItem(SUBMITTED);
    if (submitted && submitted !== postId) {
      // The page moved on from that post: its decision was made.
      for (var i = store.length - 1; i >= 0; i -= 1) {
        var name = store.key(i);
        if (name && name.indexOf(PREFIX) === 0 && name.slice(-(submitted.length + 1)) === "-" + submitted) {
          store.removeItem(name);
        }
      }
      store.removeItem(SUBMITTED);
    }
    review.querySelectorAll("[data-keep-typed]").forEach(function (box) {
      var field = box.querySelector("textarea, input:not([type=hidden])");
      if (!field) {
        return;
      }
      var key = PREFIX + box.getAttribute("data-keep-typed");
      var kept = store.getItem(key);
      if (kept !== null && kept !== field.value && field.value === field.defaultValue) {
        field.value = kept;
        var said = document.createElement("p");
        said.className = "askwell-restored";
        said.setAttribute("role", "status");
        said.textContent = review.getAttribute("data-restored-text") || "";
        box.appendChild(said);
      }
      field.addEventListener("input", function () {
        try {
          store.setItem(key, field.value);
        } catch (error) {
          // Storage full or refused: the text is still in the field.
        }
      });
      if (field.form) {
        field.form.addEventListener("submit", function () {
          store.setItem(SUBMITTED, postId);
        });
      }
    });
  }

  // A warning before the session ends, and a way to stay signed in.
  var seconds = parseInt(review.getAttribute("data-session-seconds"), 10);
  var warning = review.querySelector("[data-session-warning]");
  if (!warning || !(seconds > 0)) {
    return;
  }
  var lead = Math.min(120, Math.floor(seconds / 2));
  var timer = null;
  function arm() {
    window.clearTimeout(timer);
    warning.hidden = true;
    timer = window.setTimeout(function () {
      warning.hidden = false;
    }, (seconds - lead) * 1000);
  }
  var stay = warning.querySelector("[data-stay-signed-in]");
  if (stay) {
    stay.hidden = false;
    stay.addEventListener("click", function () {
      window.fetch(window.location.href, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
        if (response.ok) {
          arm();
        }
      });
    });
  }
  arm();
})();
