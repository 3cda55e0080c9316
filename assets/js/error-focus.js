// A page the server answered with errors (a 测一测 or calculator form posted before the page's
// scripts took over) shows the GOV.UK error summary first; move focus to it, as the app's own pages
// do, so a screen reader announces the problems and the keyboard starts from their links.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("error-summary");
  if (box) box.focus();
});
