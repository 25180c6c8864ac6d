"""Tests of examples/intake_server.py (run by ctest as python.unittest and python.intake_server).

The server runs on an ephemeral port on 127.0.0.1, in a thread or as a child process; every
request has a timeout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import unittest
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))

import redflag  # noqa: E402

EXAMPLE = ROOT / "examples" / "intake_server.py"
RULES = ROOT / "tests" / "fixtures" / "rules" / "low_back_pain.rf"
TIMEOUT = 20


def load_example() -> Any:
    spec = importlib.util.spec_from_file_location("intake_server", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def request(url: str, data: Any = None) -> Tuple[int, str, bytes]:
    body = None if data is None else (data if isinstance(data, bytes)
                                      else json.dumps(data).encode("utf-8"))
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers.get("Content-Type", ""), e.read()


class TestIntakeServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.example = load_example()
        cls.rules = redflag.Ruleset.load(RULES)
        cls.server = cls.example.make_server(cls.rules, port=0, quiet=True)
        host, port = cls.server.server_address[:2]
        assert host == "127.0.0.1"
        cls.url = f"http://127.0.0.1:{port}"
        cls.thread = threading.Thread(target=cls.server.serve_forever,
                                      kwargs={"poll_interval": 0.05}, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join(timeout=TIMEOUT)
        cls.rules.close()

    def test_form_has_every_question(self) -> None:
        status, ctype, body = request(self.url + "/")
        self.assertEqual(status, 200)
        self.assertTrue(ctype.startswith("text/html"))
        page = body.decode("utf-8")
        for q in self.rules.questions:
            self.assertIn(f'name="{q.id}"', page)
        self.assertIn('data-type="boolean"', page)
        self.assertIn('<option value="both_legs">Into both legs</option>', page)
        self.assertIn('min="16" max="120"', page)
        self.assertNotIn("http://", page.replace("http://www.w3.org", ""))  # no external resources

    def test_saddle_numbness_is_an_emergency(self) -> None:
        answers = json.loads((ROOT / "tests/fixtures/answers/saddle_numbness.json").read_text())
        status, ctype, body = request(self.url + "/triage", answers)
        self.assertEqual(status, 200)
        self.assertEqual(ctype, "application/json")
        result = json.loads(body)
        self.assertEqual(result["level"], "emergency")
        self.assertIn("suspected_ces", [f["id"] for f in result["fired"]])
        self.assertEqual(result, self.rules.evaluate(answers).to_dict())

    def test_bad_answers_are_400_with_details(self) -> None:
        status, ctype, body = request(self.url + "/triage",
                                      {"age_years": True, "leg_pain": "three_legs", "nope": 1})
        self.assertEqual(status, 400)
        self.assertEqual(ctype, "application/json")
        errors = json.loads(body)["errors"]
        self.assertEqual({(e["question"], e["code"]) for e in errors},
                         {("age_years", "wrong-type"), ("leg_pain", "unknown-option"),
                          ("nope", "unknown-question")})
        for e in errors:
            self.assertTrue(e["message"])

    def test_invalid_json_and_unknown_paths(self) -> None:
        status, _, body = request(self.url + "/triage", b"{not json")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["errors"][0]["code"], "invalid-json")
        self.assertEqual(request(self.url + "/nowhere")[0], 404)
        status, _, body = request(self.url + "/ruleset")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), self.rules.as_dict())


class TestIntakeServerProcess(unittest.TestCase):
    def test_command_line(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        proc = subprocess.Popen(
            [sys.executable, str(EXAMPLE), "--rules", str(RULES), "--port", "0", "--quiet"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            self.assertIn("http://127.0.0.1:", line, proc.stderr.read() if not line else line)
            url = line.split("http://", 1)[1].split("/", 1)[0]
            status, _, body = request(f"http://{url}/triage", {"saddle_numbness": True})
            self.assertEqual(status, 200)
            self.assertEqual(json.loads(body)["level"], "emergency")
        finally:
            proc.terminate()
            try:
                proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


if __name__ == "__main__":
    unittest.main()
