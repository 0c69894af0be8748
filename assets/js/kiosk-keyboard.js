// Kiosk mode: the on-screen keyboard with Polish letters for the search and filter boxes.
//
// The keys are server-rendered buttons (templates/base.html); touching a search box shows them
// at the bottom of the screen. A key types at the caret of the last touched search box, which
// keeps the focus, so a physical keyboard goes on working beside it.
(function () {
  "use strict";
  var keyboard = document.getElementById("kiosk-keyboard");
  if (!keyboard) {
    return;
  }
  var target = null;

  function show(input) {
    target = input;
    keyboard.hidden = false;
    document.body.classList.add("kiosk-keyboard-open");
  }

  function hide() {
    keyboard.hidden = true;
    document.body.classList.remove("kiosk-keyboard-open");
  }

  function type(text) {
    var start = target.selectionStart === null ? target.value.length : target.selectionStart;
    var end = target.selectionEnd === null ? start : target.selectionEnd;
    target.value = target.value.slice(0, start) + text + target.value.slice(end);
    var caret = start + text.length;
    target.setSelectionRange(caret, caret);
  }

  function erase() {
    var start = target.selectionStart === null ? target.value.length : target.selectionStart;
    var end = target.selectionEnd === null ? start : target.selectionEnd;
    if (start === end && start > 0) {
      // One character back; Array.from keeps a letter such as "ż" whole.
      var before = Array.from(target.value.slice(0, start));
      before.pop();
      var kept = before.join("");
      target.value = kept + target.value.slice(end);
      target.setSelectionRange(kept.length, kept.length);
    } else if (start !== end) {
      target.value = target.value.slice(0, start) + target.value.slice(end);
      target.setSelectionRange(start, start);
    }
  }

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    // Search boxes and the text boxes of filters (a price or an area "od"/"do"): on a kiosk every
    // form left is a search, so each of them may need the keys.
    if (input instanceof HTMLInputElement && (input.type === "search" || input.type === "text")) {
      show(input);
    }
  });

  // Touching a key must not take the focus (and the caret) away from the search box.
  keyboard.addEventListener("pointerdown", function (event) {
    event.preventDefault();
  });

  keyboard.addEventListener("click", function (event) {
    var key = event.target.closest("button");
    if (!key || !target) {
      return;
    }
    var action = key.getAttribute("data-action");
    if (action === "ukryj") {
      hide();
      return;
    }
    if (action === "szukaj") {
      if (target.form) {
        target.form.requestSubmit();
      }
      return;
    }
    if (action === "usun") {
      erase();
    } else {
      type(key.getAttribute("data-key"));
    }
    target.focus();
    target.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
