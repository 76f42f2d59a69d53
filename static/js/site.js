/* Progressive enhancements: text size and back-to-top. The site works fully without this file. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* Text size: three steps, the choice kept in localStorage. */
  var SIZES = ["normal", "large", "largest"];
  var STORAGE_KEY = "practice:font-size";

  function readSize() {
    try {
      var stored = window.localStorage.getItem(STORAGE_KEY);
      return SIZES.indexOf(stored) >= 0 ? stored : "normal";
    } catch (e) {
      return "normal";
    }
  }

  function applySize(size, buttons) {
    root.setAttribute("data-font-size", size);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
  }

  function setUpFontSize() {
    var control = document.querySelector("[data-font-size-control]");
    var size = readSize();
    if (!control) {
      root.setAttribute("data-font-size", size);
      return;
    }
    var buttons = Array.prototype.slice.call(control.querySelectorAll("button[data-font-size]"));
    applySize(size, buttons);
    control.hidden = false;
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var chosen = button.getAttribute("data-font-size");
        applySize(chosen, buttons);
        try {
          window.localStorage.setItem(STORAGE_KEY, chosen);
        } catch (e) {
          /* Private browsing may refuse storage: the size still applies to this page. */
        }
      });
    });
  }

  /* Back to top: a plain link to #top without JS; with JS it floats in once the visitor scrolls. */
  function setUpScrollToTop() {
    var link = document.querySelector("[data-scroll-to-top]");
    if (!link) {
      return;
    }
    link.classList.add("to-top--floating");
    var threshold = 600;
    var ticking = false;

    function update() {
      var visible = window.scrollY > threshold;
      link.classList.toggle("to-top--visible", visible);
      link.hidden = !visible;
      ticking = false;
    }

    window.addEventListener(
      "scroll",
      function () {
        if (!ticking) {
          ticking = true;
          window.requestAnimationFrame(update);
        }
      },
      { passive: true }
    );

    link.addEventListener("click", function (event) {
      event.preventDefault();
      var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollTo({ top: 0, behavior: reduceMotion ? "auto" : "smooth" });
      /* Move keyboard focus back to the start of the page as well as the view. */
      var first = document.querySelector(".brand");
      if (first) {
        first.focus({ preventScroll: true });
      }
    });
    update();
  }

  setUpFontSize();
  setUpScrollToTop();
})();
