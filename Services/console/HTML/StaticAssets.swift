/// The console's only static files, compiled in: a stylesheet and the Alerts page's script (no framework, no CDN).
public enum StaticAssets {
    public static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
        header { display: flex; align-items: center; gap: 1.5em; padding: .6em 1.2em; background: #1f3550; color: #fff; }
        header a { color: #dfe8f3; text-decoration: none; margin-right: 1em; }
        header a.active { color: #fff; font-weight: bold; border-bottom: 2px solid #fff; }
        header nav { display: flex; align-items: center; flex: 1; }
        .brand { font-weight: bold; font-size: 1.2em; }
        .who { margin-left: auto; margin-right: 1em; font-size: .9em; }
        form.logout { display: inline; }
        main { padding: 1em 1.5em; }
        table { border-collapse: collapse; background: #fff; margin: .5em 0 1.5em; }
        th, td { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: left; font-size: .9em; }
        th a { color: inherit; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .over { color: #a4161a; font-weight: bold; }
        .severity-critical { color: #a4161a; font-weight: bold; }
        .severity-warning { color: #b5651d; }
        .card { display: inline-block; background: #fff; border: 1px solid #ddd; padding: .6em 1em; margin: 0 1em 1em 0; }
        .card b { display: block; font-size: 1.3em; }
        .filters input, .filters select { margin-right: .6em; }
        .error { color: #a4161a; background: #fdecea; padding: .5em; }
        .notice { color: #1d5e2b; background: #e7f5ea; padding: .5em; }
        form.inline { display: inline-block; margin: 0 .3em .3em 0; }
        form.inline input { width: 7em; }
        .chart { background: #fff; border: 1px solid #ddd; margin: .5em 0 1.5em; }
        .login { max-width: 22em; margin: 3em auto; background: #fff; padding: 1.5em; border: 1px solid #ddd; }
        .login label { display: block; margin: .6em 0 .2em; }
        .muted { color: #666; font-size: .85em; }
        """

    /// Subscribes to `/alerts/stream` with the page's filters and puts each alert at the top of the table.
    public static let alertsScript = """
        (function () {
          var table = document.getElementById('alerts-body');
          if (!table || !window.EventSource) { return; }
          var source = new EventSource('/alerts/stream' + window.location.search);
          source.addEventListener('alert', function (event) {
            var alert = JSON.parse(event.data);
            var row = document.createElement('tr');
            row.className = 'live';
            [alert.raisedAt, alert.severity, alert.alertType, alert.buyerId, alert.invoiceId || '', alert.message || ''].forEach(function (value, index) {
              var cell = document.createElement('td');
              if (index === 1) { cell.className = 'severity-' + alert.severity; }
              if (index === 3) {
                var link = document.createElement('a');
                link.href = '/buyers/' + encodeURIComponent(value);
                link.textContent = value;
                cell.appendChild(link);
              } else {
                cell.textContent = value;
              }
              row.appendChild(cell);
            });
            table.insertBefore(row, table.firstChild);
            var counter = document.getElementById('live-count');
            if (counter) { counter.textContent = String(Number(counter.textContent) + 1); }
          });
        })();
        """
}
