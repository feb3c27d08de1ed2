/*
 * The ask and reply forms, made live: the preview follows the text, the draft is kept
 * on the server as the member types, and similar questions follow the title. Every
 * part also works without this script, through the forms' own buttons.
 */
(function () {
  "use strict";

  var PREVIEW_DELAY = 600;
  var DRAFT_DELAY = 1500;
  var SIMILAR_DELAY = 500;

  function debounce(fn, delay) {
    var timer = null;
    function debounced() {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, delay);
    }
    debounced.cancel = function () {
      window.clearTimeout(timer);
    };
    return debounced;
  }

  function post(url, form, fields) {
    var data = new FormData();
    Object.keys(fields).forEach(function (name) {
      data.append(name, fields[name]);
    });
    return window.fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value,
        Accept: "application/json",
      },
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, json: json };
      });
    });
  }

  function value(form, name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function scopeOf(form) {
    // The regions that belong to this form sit in the same column of the page.
    return form.closest(".reply-box") || document;
  }

  function setUpPreview(form, body) {
    var scope = scopeOf(form);
    var region = scope.querySelector("[data-preview]");
    var output = scope.querySelector("[data-preview-output]");
    var status = scope.querySelector("[data-preview-status]");
    if (!region || !output || !form.dataset.previewUrl) {
      return null;
    }
    function announce(text) {
      // A short line, not the whole preview, is what screen readers hear.
      if (status) {
        // Emptied first, so that the same words are heard again on the next change.
        status.textContent = "";
        window.setTimeout(function () {
          status.textContent = text;
        }, 100);
      }
    }
    var latest = 0;
    var update = debounce(function () {
      var text = body.value;
      if (!text.trim()) {
        region.hidden = true;
        output.textContent = "";
        return;
      }
      var request = ++latest;
      post(form.dataset.previewUrl, form, { text: text })
        .then(function (result) {
          if (request !== latest) {
            return;
          }
          region.hidden = false;
          if (result.ok) {
            // Sanitized by the server's one Markdown pipeline, as published posts are.
            output.innerHTML = result.json.html;
            announce(status ? status.dataset.updated : "");
          } else {
            output.textContent = result.json.error || output.dataset.unavailable;
            announce(output.textContent);
          }
        })
        .catch(function () {});
    }, PREVIEW_DELAY);
    body.addEventListener("input", update);
    return update;
  }

  function setUpDrafts(form) {
    var url = form.dataset.draftUrl;
    var scope = scopeOf(form);
    var status = scope.querySelector("[data-draft-status]");
    var discard = scope.querySelector("[data-draft-discard]");
    if (!url || !status) {
      return null;
    }
    var save = debounce(function () {
      var fields = { body: value(form, "body") };
      if (form.dataset.topic) {
        fields.topic = form.dataset.topic;
      } else {
        fields.title = value(form, "title");
        fields.category = value(form, "category");
        fields.article = form.dataset.article || "";
      }
      post(url, form, fields)
        .then(function (result) {
          if (form.dataset.submitting) {
            return;
          }
          if (result.ok) {
            status.textContent = result.json.message || "";
            if (discard) {
              discard.hidden = !result.json.saved;
            }
          } else {
            status.textContent = result.json.error || "";
          }
        })
        .catch(function () {
          status.textContent = status.dataset.failed;
        });
    }, DRAFT_DELAY);
    function changed() {
      // Until the next save, what is on the server is not what is on the screen.
      status.textContent = "";
      save();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    return save;
  }

  function setUpSimilar(form) {
    var title = form.elements.namedItem("title");
    var region = document.querySelector("[data-similar]");
    var output = document.querySelector("[data-similar-output]");
    if (!title || !region || !output || !form.dataset.similarUrl) {
      return null;
    }
    var latest = 0;
    var update = debounce(function () {
      var text = title.value.trim();
      var words = text.split(/\s+/).filter(Boolean);
      if (words.length < 3 && text.length < 10) {
        return;
      }
      var request = ++latest;
      window
        .fetch(form.dataset.similarUrl + "?" + new URLSearchParams({ title: text }), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          return response.json();
        })
        .then(function (json) {
          if (request !== latest) {
            return;
          }
          var questions = json.questions || [];
          var status = document.querySelector("[data-similar-status]");
          output.textContent = "";
          region.hidden = questions.length === 0;
          if (!questions.length) {
            return;
          }
          if (status) {
            status.textContent = "";
            window.setTimeout(function () {
              status.textContent = status.dataset.updated;
            }, 100);
          }
          var list = document.createElement("ul");
          questions.forEach(function (question) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = question.url;
            link.textContent = question.title;
            item.appendChild(link);
            list.appendChild(item);
          });
          output.appendChild(list);
        })
        .catch(function () {});
    }, SIMILAR_DELAY);
    title.addEventListener("input", update);
    return update;
  }

  function setUpQuotes(form, body) {
    // Quote links put their quote into this reply box without leaving the page; if
    // the quote cannot be fetched, the link is followed as it is without script.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-quote-url]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
        return;
      }
      event.preventDefault();
      window
        .fetch(link.dataset.quoteUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("no quote");
          }
          return response.json();
        })
        .then(function (json) {
          var before = body.value.replace(/\s+$/, "");
          body.value = (before ? before + "\n\n" : "") + json.text;
          body.focus();
          body.setSelectionRange(body.value.length, body.value.length);
          // The preview and the draft follow, as if it had been typed.
          body.dispatchEvent(new Event("input", { bubbles: true }));
        })
        .catch(function () {
          window.location.href = link.href;
        });
    });
  }

  function setUp(form) {
    if (form.dataset.composeReady) {
      return;
    }
    form.dataset.composeReady = "1";
    var body = form.elements.namedItem("body");
    var preview = body ? setUpPreview(form, body) : null;
    var similar = setUpSimilar(form);
    if (body && form.dataset.compose === "reply") {
      setUpQuotes(form, body);
    }
    var pending = [preview, setUpDrafts(form), similar].filter(Boolean);
    // A page that comes back with text in it (a draft, a refused post) shows it at once.
    if (preview && body.value.trim()) {
      preview();
    }
    if (similar && form.elements.namedItem("title").value.trim()) {
      similar();
    }
    form.addEventListener("submit", function () {
      // Posting clears the draft on the server: no save may follow it.
      form.dataset.submitting = "1";
      pending.forEach(function (fn) {
        fn.cancel();
      });
    });
  }

  document.querySelectorAll("form[data-compose]").forEach(setUp);
})();
