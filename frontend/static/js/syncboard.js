// Shows every <time datetime="..."> in the viewer's own time zone; the server writes UTC.
(function () {
  const format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
  });

  function localize(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      const when = new Date(el.getAttribute('datetime'));
      if (!isNaN(when)) {
        el.title = el.getAttribute('datetime');
        el.textContent = format.format(when);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { localize(document); });
  document.addEventListener('htmx:afterSettle', function (event) { localize(event.target); });

  // Keep a live log scrolled to its end while new lines arrive, unless the reader scrolled up.
  document.addEventListener('htmx:beforeSwap', function (event) {
    const log = document.getElementById('run-log');
    window.syncboardFollowLog = !log || log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  });
  document.addEventListener('htmx:afterSettle', function () {
    const log = document.getElementById('run-log');
    if (log && window.syncboardFollowLog) { log.scrollTop = log.scrollHeight; }
  });
})();
