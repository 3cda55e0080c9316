// Until the page's scripts have taken over a form, a tap on its submit button would make the
// browser send the form itself — as a GET, putting what was typed (ID or phone numbers) in the
// address. Forms handled by the app have no `action`; stop the browser's own submission of
// those. Forms meant for the server (sign-in) declare an action and are left alone.
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (f && f.tagName === "FORM" && !f.hasAttribute("action")) e.preventDefault();
}, true);

// A sign-in form sends the `next` of the page's own address (/login?next=/agent), read when it is
// sent. The page's hidden `next` field is filled from page state, and that arrives over the
// websocket after the page is shown (on_load): on a busy machine a quick tap on 获取验证码 went
// out with the default /me and the agent landed on /me instead of /agent. The server still
// accepts local paths only.
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (!f || f.tagName !== "FORM" || !f.hasAttribute("action")) return;
  var next = new URLSearchParams(window.location.search).get("next");
  var field = f.querySelector("input[name='next']");
  if (next && field) field.value = next;
}, true);

// The reader's city (app/ui/city_components.city_picker) is remembered the moment it is chosen,
// on this device only: the page's state also remembers it after its round trip to the server,
// but a citizen who picks 苏州市 and at once opens the assistant must not be answered for the
// city chosen before. Only the 13 cities the select offers (or '' to forget) are ever written.
document.addEventListener("change", function (e) {
  var s = e.target;
  if (!s || s.tagName !== "SELECT" || !s.classList.contains("city-select")) return;
  var v = s.value || "";
  try { localStorage.setItem("mz_city", v); } catch (err) {}
  document.cookie = "mz_city=" + encodeURIComponent(v) + ";path=/;max-age=31536000;SameSite=Lax";
}, true);
