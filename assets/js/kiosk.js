// Kiosk mode: the idle reset, the attract screen and the "Wstecz" button.
//
// After data-kiosk-idle seconds without a touch, key or pointer, the notice "Czy ktoś tu jest?"
// counts down 10 seconds; then the kiosk forgets this visitor (session storage, the history
// state this page can reach) and replaces the page with the start screen, whose reset=1 also
// clears the view switches. A start screen left alone with nothing typed has nothing to
// forget: it gives way to the attract screen (/kiosk/pokaz) at once, and the first touch there
// brings a clean start screen back.
(function () {
  "use strict";
  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-kiosk-idle"), 10);
  if (!(idleSeconds > 0)) {
    return;
  }
  var COUNTDOWN = 10;
  var START = "/kiosk?reset=1";
  var ATTRACT = "/kiosk/pokaz";
  // The attract screen lasts until the first touch and reloads now and then for fresh numbers.
  var ATTRACT_RELOAD_MS = 5 * 60 * 1000;

  if (window.location.pathname === ATTRACT) {
    var leave = function (event) {
      event.preventDefault();
      window.location.replace(START);
    };
    ["pointerdown", "touchstart", "keydown", "click"].forEach(function (name) {
      document.addEventListener(name, leave, { capture: true });
    });
    window.setTimeout(function () {
      window.location.reload();
    }, ATTRACT_RELOAD_MS);
    return;
  }

  var dialog = document.getElementById("kiosk-idle");
  var secondsShown = document.getElementById("kiosk-idle-seconds");
  var stay = document.getElementById("kiosk-idle-stay");
  var idleTimer = null;
  var countdownTimer = null;
  var left = COUNTDOWN;

  function reset() {
    try {
      window.sessionStorage.clear();
    } catch (e) {
      // Storage may be switched off: nothing to clear then.
    }
    try {
      window.history.replaceState(null, "", "/kiosk?reset=1");
    } catch (e) {
      // Some browsers refuse replaceState in odd states; the navigation below still happens.
    }
    window.location.replace(START);
  }

  // Whether this is the start screen with nothing typed in it: nobody to ask, nothing to forget.
  function untouchedStart() {
    var search = document.getElementById("kiosk-q");
    return window.location.pathname === "/kiosk" && (!search || search.value === "");
  }

  function closeNotice() {
    if (countdownTimer !== null) {
      window.clearInterval(countdownTimer);
      countdownTimer = null;
    }
    if (dialog && dialog.open) {
      dialog.close();
    }
  }

  function showNotice() {
    if (untouchedStart()) {
      window.location.replace(ATTRACT);
      return;
    }
    left = COUNTDOWN;
    if (secondsShown) {
      secondsShown.textContent = String(left);
    }
    if (dialog && typeof dialog.showModal === "function") {
      dialog.showModal();
      if (stay) {
        stay.focus();
      }
    }
    countdownTimer = window.setInterval(function () {
      left -= 1;
      if (secondsShown) {
        secondsShown.textContent = String(Math.max(left, 0));
      }
      if (left <= 0) {
        closeNotice();
        reset();
      }
    }, 1000);
  }

  function activity() {
    if (countdownTimer !== null) {
      // Only "Jestem" (or any touch) ends the notice; it is handled the same way.
      closeNotice();
    }
    if (idleTimer !== null) {
      window.clearTimeout(idleTimer);
    }
    idleTimer = window.setTimeout(showNotice, idleSeconds * 1000);
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "input"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true, capture: true });
  });
  if (stay) {
    stay.addEventListener("click", activity);
  }
  if (dialog) {
    // Escape closes a modal dialog: that is activity too, the countdown stops.
    dialog.addEventListener("cancel", function () {
      activity();
    });
  }
  activity();

  // "Wstecz" goes back in this tab's history when there is any; its href is the fallback.
  var back = document.getElementById("kiosk-wstecz");
  if (back) {
    back.addEventListener("click", function (event) {
      if (window.history.length > 1 && document.referrer.indexOf(window.location.origin + "/") === 0) {
        event.preventDefault();
        window.history.back();
      }
    });
  }

  // The start screen after a reset: no previous search left in the box.
  if (window.location.pathname === "/kiosk") {
    var search = document.getElementById("kiosk-q");
    if (search) {
      search.value = "";
    }
  }
})();
