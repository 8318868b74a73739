// The comment form, improved when scripts run (it works fully without): a live character
// counter, and "Đổi mã khác" swaps the captcha picture in place instead of reloading the page.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  if (!form) return;
  var body = form.querySelector("#c-body");
  var counter = form.querySelector("#dem-ky-tu");
  if (body && counter) {
    var max = Number(counter.getAttribute("data-max")) || 3000;
    var show = function () {
      var used = Array.from(body.value).length;
      counter.textContent = used + "/" + max.toLocaleString("vi-VN") + " ký tự";
      counter.classList.toggle("over", used > max);
    };
    body.addEventListener("input", show);
    show();
  }
  var refresh = form.querySelector('button[name="doi_ma"][value="anh"]');
  var image = form.querySelector(".captcha-image");
  var token = form.querySelector('input[name="token"]');
  if (refresh && image && token) {
    refresh.addEventListener("click", function (event) {
      event.preventDefault();
      fetch("/api/v1/captcha?kind=image", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (fresh) {
          token.value = fresh.token;
          image.src = fresh.image_url;
          var answer = form.querySelector("#c-captcha");
          if (answer) { answer.value = ""; answer.focus(); }
        })
        .catch(function () { form.requestSubmit(refresh); });
    });
  }
})();
