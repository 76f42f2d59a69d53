// A save pressed while Wagtail's autosave is on its way waits for the autosave's answer.
//
// Wagtail 7.4 autosaves an editor form about a second after the last change. On a new page (or a
// new snippet) that first autosave creates it, and only its answer turns the add form into the
// edit form. A "Save draft" or "Publish" pressed before the answer arrived was sent to the add view
// again and refused ("This slug is already in use") though the draft existed; fixing the slug then
// would have made a second copy. Here such a submit is held, and sent as soon as the autosave
// has answered, to the address the answer gave, with the button that was pressed.
//
// Once a save has gone (held or not), no autosave starts from that form. The page stays live
// until the save's answer arrives, and Wagtail went on autosaving what changed meanwhile (a key
// pressed, Draftail syncing its state, the change that arrived during the held autosave): that
// autosave raced the save on the server, and either overwrote a revision after the save had made
// a newer one, so the saved page opened saying someone (the writer herself) had saved a newer
// version and every later Save or Publish was stopped by Wagtail's "overwrite?" dialog (seen in
// CI), or was refused as out of date. The save carries the whole form, so nothing is lost.
//
// It relies on Wagtail's autosave controller as 7.4 renders it: the identifier "w-autosave" in
// the form's data-controller and its events w-autosave:save, :success and :error.
// tests/browser/test_save_during_autosave.py fails if that changes.
(() => {
  "use strict";

  const CONTROLLER = "w-autosave";
  const WAIT_AT_MOST_MS = 20000;
  const saving = new WeakSet();
  let submitted = new WeakSet();

  const isAutosaved = (form) =>
    form instanceof HTMLFormElement &&
    (form.dataset.controller || "").split(/\s+/).includes(CONTROLLER);

  document.addEventListener(`${CONTROLLER}:save`, (event) => {
    if (!isAutosaved(event.target)) return;
    if (submitted.has(event.target)) event.preventDefault();
    if (!event.defaultPrevented) saving.add(event.target);
  });
  for (const name of ["success", "error"]) {
    document.addEventListener(`${CONTROLLER}:${name}`, (event) => saving.delete(event.target));
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!isAutosaved(form) || !saving.has(form)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      let timer = null;
      const send = () => {
        form.removeEventListener(`${CONTROLLER}:success`, send);
        form.removeEventListener(`${CONTROLLER}:error`, send);
        clearTimeout(timer);
        saving.delete(form);
        if (submitter && submitter.form === form) {
          // Wagtail's progress spinner disabled the pressed button; a disabled button would not
          // be sent with the form, and "Publish" would become a plain save.
          submitter.disabled = false;
          form.requestSubmit(submitter);
        } else {
          form.requestSubmit();
        }
      };
      form.addEventListener(`${CONTROLLER}:success`, send);
      form.addEventListener(`${CONTROLLER}:error`, send);
      timer = setTimeout(send, WAIT_AT_MOST_MS);
    },
    true,
  );

  // Last of all the submit listeners (the window, bubbling): a submit nothing held or stopped is
  // on its way to the server.
  window.addEventListener("submit", (event) => {
    if (isAutosaved(event.target) && !event.defaultPrevented) submitted.add(event.target);
  });
  // A page brought back from the browser's history cache is being edited again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitted = new WeakSet();
  });
})();
