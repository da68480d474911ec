// A form being sent cannot be sent again: a second click waits for the first answer.
// (The server saves a form once whatever happens: pathway/submissions.py. This only
// spares people the wait and the "sent twice" message.) htmx forms get the same from
// hx-disabled-elt on <body>.
"use strict";

function buttonsOf(form) {
  return form.querySelectorAll("button, input[type=submit]");
}

function ready(form) {
  delete form.dataset.sending;
  buttonsOf(form).forEach((button) => { button.disabled = false; });
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.method !== "post" || form.hasAttribute("hx-post")) {
    return;
  }
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "yes";
  // After this event, so that the button clicked is still sent with the form.
  setTimeout(() => buttonsOf(form).forEach((button) => { button.disabled = true; }), 0);
  // A download leaves the page where it is: the form may be used again.
  setTimeout(() => ready(form), 10000);
});

// Back to a page kept by the browser: its forms may be sent again (a new answer each time).
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach(ready);
});
