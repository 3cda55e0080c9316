// Until the page's scripts have taken over a form, a tap on its submit button would make the
// browser send the form itself — as a GET, putting what was typed (ID or phone numbers) in the
// address. Forms handled by the app have no `action`; stop the browser's own submission of
// those. Forms meant for the server (sign-in) declare an action and are left alone.
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (f && f.tagName === "FORM" && !f.hasAttribute("action")) e.preventDefault();
}, true);
