// Kiosk mode: the idle reset, the attract screen and the "Wstecz" button.
//
// After data-kiosk-idle seconds without a touch, key or pointer, the notice "Czy ktoś tu jest?"
// counts down 10 seconds; then the kiosk forgets this visitor (session storage, the history
// state this page can reach) and replaces the page with the start screen, whose reset=1 also
// clears the view switches. A start screen left alone untouched (nothing typed, no keyboard,
// default view) has nothing to forget: it gives way to the attract screen (/kiosk/pokaz) at
// once. There the first touch brings a clean start screen back, unless it lands on a link,
// which opens as usual.
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

  if (document.querySelector("[data-kiosk-attract]")) {
    attractScreen();
    return;
  }

  function attractScreen() {
    function onLink(event) {
      return event.target instanceof Element && event.target.closest("a[href]") !== null;
    }
    document.addEventListener("pointerdown", function (event) {
      if (!onLink(event)) {
        // Before the map or anything else reacts to the touch.
        event.preventDefault();
        event.stopPropagation();
        window.location.replace(START);
      }
    }, { capture: true });
    document.addEventListener("keydown", function (event) {
      // Tab moves to a link and Enter opens it; any other key starts.
      if (event.key !== "Tab" && event.key !== "Shift" && !(event.key === "Enter" && onLink(event))) {
        event.preventDefault();
        window.location.replace(START);
      }
    }, { capture: true });
    // Fresh numbers now and then, but only when the server answers: a reload while it
    // restarts would leave the browser on its error page, with no script to come back.
    function refresh() {
      window.fetch(window.location.href, { cache: "no-store" }).then(function (response) {
        if (response.ok) {
          window.location.reload();
        } else {
          window.setTimeout(refresh, ATTRACT_RELOAD_MS);
        }
      }, function () {
        window.setTimeout(refresh, ATTRACT_RELOAD_MS);
      });
    }
    window.setTimeout(refresh, ATTRACT_RELOAD_MS);
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

  // Whether this is the start screen as nobody has touched it: nothing typed, the keyboard
  // closed, the default view. Then there is nobody to ask and nothing to forget.
  function untouchedStart() {
    var search = document.getElementById("kiosk-q");
    return window.location.pathname === "/kiosk" &&
      body.className === "kiosk" &&
      (!search || (search.value === "" && document.activeElement !== search));
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

  // A view switch replaces this page in the history instead of adding it, so that "Wstecz"
  // then leads to the page before, not to the same page in the other view.
  Array.prototype.forEach.call(document.querySelectorAll("a.kiosk-bar-switch"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(link.href);
    });
  });

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
