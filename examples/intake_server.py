#!/usr/bin/env python3
"""A red-flag intake form served from a rule set (standard library only).

    python3 examples/intake_server.py [--rules rules/low_back_pain.rf] [--port 8000]

GET /          an HTML form generated from the rule set's questions
GET /ruleset   what the rule set declares (JSON)
POST /triage   answers as a JSON object {"question_id": value, ...}; replies with the result JSON
               (docs/result-json.md), or HTTP 400 with {"errors": [{question, code, message}]}

Binds to 127.0.0.1 only. NOT FOR PATIENT USE: the bundled rule set is not clinically validated.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import List, Optional, Sequence, Type

ROOT = Path(__file__).resolve().parent.parent
try:
    import redflag
except ImportError:  # running from a source checkout: use the binding next to this file
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    import redflag

HOST = "127.0.0.1"
MAX_BODY = 1 << 20  # bytes accepted in a POST body
# UCUM units of the rule files, as people read them.
UNITS = {"a": "years", "mo": "months", "wk": "weeks", "d": "days", "h": "hours",
         "Cel": "\u00b0C", "kg": "kg", "cm": "cm"}

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 1rem auto; padding: 0 1rem;
       color: #1b1b1b; }
.q { display: grid; grid-template-columns: 1fr 14rem; gap: .5rem; align-items: center;
     padding: .35rem 0; border-bottom: 1px solid #eee; }
.q label { line-height: 1.3; }
.req { color: #b00020; font-weight: bold; }
.unit { color: #666; font-size: .9em; }
.invalid select, .invalid input { outline: 2px solid #b00020; }
.err { color: #b00020; grid-column: 1 / -1; font-size: .9em; }
#result { margin-top: 1.5rem; padding: 1rem; border-radius: .5rem; background: #f4f4f4; }
#result.info { border-left: .5rem solid #2e7d32; }
#result.warning { border-left: .5rem solid #ed6c02; }
#result.critical { border-left: .5rem solid #b00020; background: #fdecea; }
#result h2 { margin-top: 0; }
.source { color: #555; font-size: .9em; }
button { font-size: 1.1rem; padding: .4rem 1.2rem; margin-top: 1rem; }
"""

_SCRIPT = r"""
const form = document.getElementById('intake');
const out = document.getElementById('result');
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function answers() {
  const a = {};
  for (const f of form.querySelectorAll('[data-type]')) {
    const v = f.value.trim();
    if (v === '') continue;
    const t = f.dataset.type;
    if (t === 'boolean') a[f.name] = (v === 'true');
    else if (t === 'integer' || t === 'number') a[f.name] = Number(v);
    else a[f.name] = v;
  }
  return a;
}
function prompt(id) { return (QUESTIONS[id] || {}).prompt || id; }
function clearErrors() {
  for (const e of form.querySelectorAll('.err')) e.remove();
  for (const e of form.querySelectorAll('.invalid')) e.classList.remove('invalid');
}
function showErrors(errors) {
  out.className = 'critical';
  out.replaceChildren(el('h2', 'Please correct these answers'));
  const ul = el('ul');
  for (const e of errors) {
    ul.append(el('li', (e.question ? prompt(e.question) + ': ' : '') + e.message));
    const row = document.getElementById('q-' + e.question);
    if (row) { row.classList.add('invalid'); row.append(el('div', e.message, 'err')); }
  }
  out.append(ul);
}
function showResult(r) {
  out.className = r.indicator || '';
  out.replaceChildren(el('h2', 'Urgency: ' + r.level), el('p', r.advice));
  if (!r.complete) out.append(el('p', 'Not complete: unanswered questions could raise this level.'));
  if (r.fired.length) {
    out.append(el('h3', 'Why'));
    const ul = el('ul');
    for (const f of r.fired) {
      const li = el('li');
      li.append(el('strong', f.title + ' (' + f.level + ')'), el('div', f.because),
                el('div', 'Source: ' + f.source, 'source'));
      const ev = Object.entries(f.answers).map(([q, v]) =>
        prompt(q) + ' ' + (v === null ? '(unanswered)' : JSON.stringify(v)));
      if (ev.length) li.append(el('div', 'Answers: ' + ev.join('; '), 'source'));
      ul.append(li);
    }
    out.append(ul);
  }
  if (r.unresolved.length) {
    out.append(el('h3', 'Still needed'));
    const ul = el('ul');
    for (const u of r.unresolved) {
      ul.append(el('li', u.level + ' (' + u.id + ') needs: ' + u.missing.map(prompt).join('; ')));
    }
    out.append(ul);
  }
}
form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors();
  out.hidden = false;
  try {
    const resp = await fetch('triage', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                        body: JSON.stringify(answers())});
    const body = await resp.json();
    if (resp.ok) showResult(body); else showErrors(body.errors || [{question: '', message: resp.statusText}]);
  } catch (e) {
    showErrors([{question: '', message: String(e)}]);
  }
});
"""


def _field(q: "redflag.Question") -> str:
    name = html.escape(q.id, quote=True)
    common = f'id="f-{name}" name="{name}" data-type="{q.type}"'
    if q.type == "boolean":
        return (f'<select {common}><option value="">\u2014</option>'
                '<option value="true">Yes</option><option value="false">No</option></select>')
    if q.type == "choice":
        opts = "".join(f'<option value="{html.escape(o.id, quote=True)}">{html.escape(o.label)}'
                       "</option>" for o in q.options)
        return f'<select {common}><option value="">\u2014</option>{opts}</select>'
    if q.type in ("integer", "number"):
        attrs = [f'step="{"1" if q.type == "integer" else "any"}"']
        if q.min is not None:
            attrs.append(f'min="{q.min:g}"')
        if q.max is not None:
            attrs.append(f'max="{q.max:g}"')
        return f'<input type="number" {common} {" ".join(attrs)}>'
    return f'<input type="text" {common}>'


def render_form(rules: "redflag.Ruleset") -> str:
    """The intake page: one labelled input per question, and the script that posts it."""
    rows: List[str] = []
    for q in rules.questions:
        name = html.escape(q.id, quote=True)
        req = ' <span class="req" title="required">*</span>' if q.required else ""
        unit = (f' <span class="unit">({html.escape(UNITS.get(q.unit, q.unit))})</span>'
                if q.unit else "")
        rows.append(f'<div class="q" id="q-{name}"><label for="f-{name}">'
                    f"{html.escape(q.prompt)}{unit}{req}</label>{_field(q)}</div>")
    questions = {q.id: {"prompt": q.prompt, "type": q.type} for q in rules.questions}
    data = json.dumps(questions).replace("</", "<\\/")
    title = html.escape(rules.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{_STYLE}</style></head>
<body>
<h1>{title}</h1>
<p>Rule set <code>{html.escape(rules.id)}</code> version {html.escape(rules.version)}.
Questions marked <span class="req">*</span> are required; leave a question at \u2014 when
the answer is not known (unknown is never taken as \u201cno\u201d).</p>
<p><strong>Not for patient use: this demonstration rule set is not clinically validated.</strong></p>
<form id="intake">
{chr(10).join(rows)}
<button type="submit">Triage</button>
</form>
<section id="result" hidden></section>
<script>const QUESTIONS = {data};</script>
<script>{_SCRIPT}</script>
</body></html>
"""


def make_handler(rules: "redflag.Ruleset", quiet: bool = False) -> Type[BaseHTTPRequestHandler]:
    """A request handler class serving the form and the triage endpoint for ``rules``."""
    page = render_form(rules).encode("utf-8")

    class IntakeHandler(BaseHTTPRequestHandler):
        server_version = "redflag-intake/0.1"

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, obj: object) -> None:
            self._send(status, json.dumps(obj).encode("utf-8"), "application/json")

        def _error(self, status: int, code: str, message: str) -> None:
            self._json(status, {"errors": [{"question": "", "code": code, "message": message}]})

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
            elif path == "/ruleset":
                self._send(HTTPStatus.OK, rules.to_json().encode("utf-8"), "application/json")
            else:
                self._error(HTTPStatus.NOT_FOUND, "not-found", f"no page {path}")

        def do_POST(self) -> None:  # noqa: N802
            if self.path.split("?", 1)[0] != "/triage":
                self._error(HTTPStatus.NOT_FOUND, "not-found", f"no endpoint {self.path}")
                return
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                self._error(HTTPStatus.LENGTH_REQUIRED, "invalid-json", "Content-Length needed")
                return
            if length < 0 or length > MAX_BODY:
                self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "invalid-json",
                            f"the answers must be at most {MAX_BODY} bytes")
                return
            body = self.rfile.read(length)
            try:
                # The library parses and checks the JSON itself (types, ranges, duplicates).
                result = rules.evaluate_json(body)
            except redflag.AnswerError as e:
                self._json(HTTPStatus.BAD_REQUEST, e.as_dict())
                return
            except redflag.RedflagError as e:
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal", str(e))
                return
            self._json(HTTPStatus.OK, result.to_dict())

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            if not quiet:
                super().log_message(format, *args)

    return IntakeHandler


def make_server(rules: "redflag.Ruleset", port: int = 8000,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A threaded HTTP server on 127.0.0.1:``port`` (0: an ephemeral port; see
    ``server.server_address``). Call ``serve_forever()`` and, to stop, ``shutdown()`` and
    ``server_close()``."""
    server = ThreadingHTTPServer((HOST, port), make_handler(rules, quiet))
    server.daemon_threads = True
    return server


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: serve the intake form until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", default=str(ROOT / "rules" / "low_back_pain.rf"),
                        help="the rule file (default: rules/low_back_pain.rf)")
    parser.add_argument("--port", type=int, default=8000,
                        help="the port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        rules = redflag.Ruleset.load(args.rules)
    except redflag.LoadError as e:
        print(e, file=sys.stderr)
        return 2
    with rules, make_server(rules, args.port, args.quiet) as server:
        host, port = server.server_address[:2]
        print(f"Serving {rules.id} {rules.version} on http://{host}:{port}/ (Ctrl-C stops)",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
