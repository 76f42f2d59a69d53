/* Progressive enhancements: text size, the header menu, the notice's dismiss button and back to top.
   The site works fully without this file. */
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
    document.dispatchEvent(new Event("practice:text-size")); /* the header may change layout */
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

  /* The header menu is a <details>: it works without this. Where the header is wide enough
     (site.css decides, by the header's width in the site's rem) its content is the full header,
     shown either way; opening it there keeps its state true to what is shown. On the narrow
     header Escape closes it, and so does following a link within this page. */
  function setUpMenu() {
    var menu = document.querySelector("[data-site-menu]");
    var summary = menu && menu.querySelector("summary");
    if (!summary) {
      return;
    }
    var wasFull = null;
    var pending = false;

    function isFullHeader() {
      return window.getComputedStyle(summary).display === "none";
    }

    /* Only a change of layout opens or closes it (phones fire resize as their toolbars slide),
       and it stays open around the focus, e.g. a larger text size just chosen in it. */
    function sync() {
      pending = false;
      var full = isFullHeader();
      if (full !== wasFull) {
        menu.open = full || menu.contains(document.activeElement);
        wasFull = full;
      }
    }

    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(sync);
      }
    }

    sync();
    window.addEventListener("resize", schedule);
    document.addEventListener("practice:text-size", schedule);
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !isFullHeader()) {
        menu.open = false;
        summary.focus();
      }
    });
    menu.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (link && !isFullHeader()) {
        menu.open = false;
      }
    });
  }

  /* The notice banner: hidden for the rest of the visit once dismissed (sessionStorage, no
     cookie), remembered by its words and link so that a new notice shows again. */
  var NOTICE_KEY = "practice:notice-dismissed";

  function setUpNotice() {
    var notice = document.querySelector("[data-notice]");
    if (!notice) {
      return;
    }
    var text = notice.querySelector(".notice__text") || notice;
    var link = text.querySelector("a");
    var id = text.textContent.replace(/\s+/g, " ").trim() + (link ? " " + link.href : "");
    var storage;
    try {
      storage = window.sessionStorage;
      if (storage.getItem(NOTICE_KEY) === id) {
        notice.hidden = true;
        return;
      }
    } catch (e) {
      storage = null; /* storage refused: the button still hides the notice on this page */
    }
    var button = notice.querySelector("[data-notice-dismiss]");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      notice.hidden = true;
      try {
        if (storage) {
          storage.setItem(NOTICE_KEY, id);
        }
      } catch (e) {
        /* Full or refused storage: the notice is hidden on this page only. */
      }
      var brand = document.querySelector(".brand");
      if (brand) {
        brand.focus();
      }
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

  /* The consultation request's session state: say at once, before sending, when nobody on the
     team is licensed where the person will be (the server says the same when the form is sent). */
  function setUpSessionState() {
    var field = document.querySelector("[data-session-state]");
    if (!field) {
      return;
    }
    var select = field.querySelector("select");
    var notice = field.querySelector("[data-state-notice]");
    var text = field.querySelector("[data-state-notice-text]");
    var licensed = (field.getAttribute("data-licensed-states") || "").split(" ");
    if (!select || !notice || !text) {
      return;
    }
    select.addEventListener("change", function () {
      var state = select.value;
      if (!state || licensed.indexOf(state) !== -1) {
        notice.hidden = !field.classList.contains("field--error");
        text.textContent = "";
        return;
      }
      var name = select.options[select.selectedIndex].text;
      text.textContent =
        "We are sorry: none of our clinicians is licensed to see you by phone or video while " +
        "you are in " + name + ". If you will be in another state for your sessions, choose it; " +
        "otherwise a therapist licensed in " + name + " can help, and we are glad to suggest " +
        "where to look.";
      notice.hidden = false;
    });
  }

  setUpFontSize();
  setUpMenu();
  setUpSessionState();
  setUpNotice();
  setUpScrollToTop();
})();
