// Shows every <time datetime="..."> in the viewer's own time zone (the server writes UTC), as
// "2026-11-21 22:15:56 CET": one layout, Latin digits and English zone names whatever the browser's
// language (en-GB names zones "CET", "BST"; others as offsets such as "GMT+5:30"), 24-hour clock.
(function () {
  const format = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short'
  });

  function text(when) {
    const part = {};
    format.formatToParts(when).forEach(function (p) { part[p.type] = p.value; });
    return part.year + '-' + part.month + '-' + part.day + ' ' +
      part.hour + ':' + part.minute + ':' + part.second + ' ' + part.timeZoneName;
  }

  function localize(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      const when = new Date(el.getAttribute('datetime'));
      if (!isNaN(when)) {
        el.title = el.textContent;
        el.textContent = text(when);
      }
    });
  }

  // htmx:load fires for the page and for every piece of content htmx swaps in, before it is shown.
  document.addEventListener('htmx:load', function (event) { localize(event.detail.elt); });
  document.addEventListener('DOMContentLoaded', function () { localize(document); });

  // A request that must not take the page away (the schedule preview on a form) and finds the session ended:
  // say so where its answer would have gone, and keep what was typed.
  document.addEventListener('htmx:responseError', function (event) {
    if (event.detail.xhr.status === 401) {
      event.detail.target.textContent = 'Your session has ended. Sign in again in another tab, then save: ' +
        'what you typed here stays.';
    }
  });

  // A running run's log follows the run: new lines arrive as Server-Sent Events (/runs/{id}/live) and are
  // appended; the newest MAX_SHOWN lines stay on the page ("Download log" has them all). The log stays scrolled
  // to its end unless the reader scrolled up. When the run has ended the stream says so and is closed (an
  // EventSource would otherwise reconnect); if lines were missed on the way, the page is loaded again.
  const MAX_SHOWN = 5000;

  function followLog(log) {
    const shown = log.textContent === 'Waiting for output…' ? [] : log.textContent.replace(/\n$/, '').split('\n');
    const source = new EventSource(log.dataset.liveUrl);
    log.dataset.following = 'true';

    source.addEventListener('lines', function (event) {
      const chunk = JSON.parse(event.data);
      const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      if (chunk.skipped > 0) {
        shown.push('... ' + chunk.skipped + ' lines not shown live (the run printed faster than they could be' +
          ' sent; "Download log" has the kept ones) ...');
      }
      Array.prototype.push.apply(shown, chunk.lines);
      if (shown.length > MAX_SHOWN) {
        shown.splice(0, shown.length - MAX_SHOWN);
      }
      log.textContent = shown.join('\n') + '\n';
      if (atEnd) { log.scrollTop = log.scrollHeight; }
    });

    source.addEventListener('end', function (event) {
      source.close();
      log.dataset.following = 'ended';
      if (!JSON.parse(event.data).complete) {
        window.location.reload();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    const log = document.getElementById('run-log');
    if (log && log.dataset.liveUrl) {
      log.scrollTop = log.scrollHeight;
      followLog(log);
    }
  });
})();
