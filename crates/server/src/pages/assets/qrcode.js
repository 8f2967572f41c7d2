'use strict';
// Follows the code shown by the page: Server-Sent Events, falling back to polling every 2 s.
// On AUTHORIZED the completion form is submitted; the server redeems the code and redirects.
(function () {
  var root = document.getElementById('qr-login');
  if (!root) { return; }
  var id = root.getAttribute('data-qrcode-id');
  var form = document.getElementById('qr-complete');
  var nameSlot = document.getElementById('qr-name');
  var refresh = document.getElementById('qr-refresh');
  var FINAL = { AUTHORIZED: true, CANCELLED: true, EXPIRED: true, ERROR: true };
  var KNOWN = { PENDING: true, SCANNED: true, AUTHORIZED: true, CANCELLED: true, EXPIRED: true, ERROR: true };
  var finished = false;
  var source = null;
  var timer = null;
  var query = '?qrcodeId=' + encodeURIComponent(id);

  function stop() {
    finished = true;
    if (source) { source.close(); source = null; }
    if (timer) { clearTimeout(timer); timer = null; }
  }

  function apply(data) {
    if (finished || !data || !KNOWN[data.status]) { return; }
    if (data.briefUserInfo && nameSlot) {
      nameSlot.textContent = String(data.briefUserInfo.displayName || '');
    }
    root.setAttribute('data-status', data.status);
    if (FINAL[data.status]) { stop(); }
    if (data.status === 'AUTHORIZED') { form.submit(); }
  }

  function poll() {
    timer = null;
    fetch('/api/v3/check-qrcode-status' + query, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (body) { apply(body && body.statusCode === 200 ? body.data : null); })
      .catch(function () { /* try again on the next tick */ })
      .then(function () { if (!finished) { timer = setTimeout(poll, 2000); } });
  }

  function follow() {
    if (typeof window.EventSource !== 'function') { poll(); return; }
    source = new EventSource('/api/v3/qrcode-status-stream' + query);
    source.addEventListener('status', function (e) {
      var data = null;
      try { data = JSON.parse(e.data); } catch (_) { data = null; }
      apply(data);
    });
    source.onerror = function () {
      if (finished || !source) { return; }
      source.close();
      source = null;
      if (!timer) { poll(); }
    };
  }

  if (refresh) {
    refresh.addEventListener('click', function () { window.location.reload(); });
  }
  follow();
}());
