"""Tests of the redflag Python binding (run by ctest as python.unittest)."""

from __future__ import annotations

import enum
import json
import os
import subprocess
import sys
import tempfile
import threading
import types
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]  # bindings/python/tests -> repository root
sys.path.insert(0, str(HERE.parent))

import redflag  # noqa: E402
from redflag import AnswerError, LoadError, RedflagError, Ruleset  # noqa: E402

RULES = ROOT / "tests" / "fixtures" / "rules" / "low_back_pain.rf"
ANSWERS = ROOT / "tests" / "fixtures" / "answers"
CES = ["saddle_numbness", "urinary_retention", "bladder_change_new", "urinary_incontinence_new",
       "bowel_incontinence_new", "sexual_dysfunction_new"]


def answers(name: str) -> dict:
    with open(ANSWERS / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


class RulesetTestCase(unittest.TestCase):
    rules: Ruleset

    @classmethod
    def setUpClass(cls) -> None:
        cls.rules = Ruleset.load(RULES)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.rules.close()


class TestEvaluate(RulesetTestCase):
    def test_saddle_numbness_is_an_emergency(self) -> None:
        result = self.rules.evaluate({"saddle_numbness": True})
        self.assertTrue(result.ok)
        self.assertEqual(result.level, "emergency")
        self.assertEqual(result.indicator, "critical")
        self.assertTrue(result.advice.startswith("Go to A&E"))
        ces = [r for r in result.fired if r.id == "suspected_ces"]
        self.assertEqual(len(ces), 1)
        self.assertEqual(ces[0].answers, {"saddle_numbness": True})
        self.assertEqual(ces[0].level, "emergency")
        self.assertEqual(ces[0].title, "Suspected cauda equina syndrome")
        self.assertTrue(ces[0].because)
        self.assertTrue(ces[0].source)
        self.assertIsNone(result.values["ces_features"])  # a count with unanswered items
        self.assertEqual(result.errors, [])

    def test_full_saddle_numbness_case(self) -> None:
        result = self.rules.evaluate(answers("saddle_numbness"))
        self.assertEqual(result.level, "emergency")
        self.assertIn("suspected_ces", [r.id for r in result.fired])
        self.assertEqual(result.values["ces_features"], 1)
        self.assertTrue(result.complete)

    def test_no_red_flags_is_self_care_and_complete(self) -> None:
        result = self.rules.evaluate(answers("no_red_flags"))
        self.assertTrue(result.ok)
        self.assertEqual(result.level, "self_care")
        self.assertEqual(result.indicator, "info")
        self.assertTrue(result.complete)
        self.assertEqual(result.fired, [])
        self.assertEqual(result.unresolved, [])
        self.assertIs(result.values["ces_features"], 0)
        self.assertIs(result.values["fever_present"], False)

    def test_missing_ces_answers_are_urgent_and_incomplete(self) -> None:
        result = self.rules.evaluate(answers("missing_ces"))
        self.assertEqual(result.level, "urgent")
        self.assertFalse(result.complete)
        fired = {r.id: r for r in result.fired}
        self.assertIn("missing_required", fired)
        self.assertEqual(fired["missing_required"].answers, {q: None for q in CES})
        unresolved = {r.id: r for r in result.unresolved}
        self.assertIn("suspected_ces", unresolved)
        self.assertEqual(unresolved["suspected_ces"].level, "emergency")
        self.assertEqual(unresolved["suspected_ces"].missing, CES)
        self.assertIsNone(result.values["ces_features"])

    def test_none_is_unanswered(self) -> None:
        a = answers("no_red_flags")
        a["saddle_numbness"] = None
        result = self.rules.evaluate(a)
        self.assertEqual(result.level, "urgent")
        self.assertFalse(result.complete)

    def test_values_types(self) -> None:
        a = answers("no_red_flags")
        result = self.rules.evaluate(a)
        # Whole numbers come back as int, choices as str.
        self.assertIsInstance(result.values["sbst_total"], int)
        self.assertNotIsInstance(result.values["sbst_total"], bool)
        # An int for a number question and a float for an integer question with a whole value.
        a["pain_duration_weeks"] = 2
        a["age_years"] = 38.0
        self.assertEqual(self.rules.evaluate(a).level, "self_care")

    def test_explain_adds_not_fired(self) -> None:
        plain = self.rules.evaluate(answers("no_red_flags")).to_dict()
        self.assertNotIn("not_fired", plain)
        explained = self.rules.evaluate(answers("no_red_flags"), explain=True).to_dict()
        self.assertIn("not_fired", explained)
        self.assertTrue(explained["not_fired"])

    def test_to_dict_keys_match_docs(self) -> None:
        d = self.rules.evaluate({"saddle_numbness": True}).to_dict()
        self.assertEqual(list(d), ["ruleset", "level", "advice", "indicator", "advice_items",
                                   "complete", "fired", "unresolved", "values", "errors"])
        self.assertEqual(d["ruleset"], {"id": "low_back_pain", "version": "1.0.0",
                                        "content_hash": self.rules.content_hash})
        self.assertEqual(list(d["fired"][0]),
                         ["id", "title", "level", "because", "source", "answers"])
        self.assertEqual(d["unresolved"], [])
        u = self.rules.evaluate(answers("missing_ces")).to_dict()["unresolved"]
        self.assertEqual(list(u[0]), ["id", "level", "missing"])
        self.assertEqual(d["level"], "emergency")
        result = self.rules.evaluate({"saddle_numbness": True})
        self.assertEqual(json.loads(result.to_json()), result.to_dict())
        self.assertEqual(result.as_dict(), result.to_dict())

    def test_to_dict_agrees_with_attributes(self) -> None:
        result = self.rules.evaluate(answers("missing_ces"))
        d = result.to_dict()
        self.assertEqual(d["level"], result.level)
        self.assertEqual(d["complete"], result.complete)
        self.assertEqual([f["id"] for f in d["fired"]], [r.id for r in result.fired])
        self.assertEqual([f["answers"] for f in d["fired"]], [r.answers for r in result.fired])
        self.assertEqual(d["values"], result.values)
        self.assertEqual([u["missing"] for u in d["unresolved"]],
                         [u.missing for u in result.unresolved])

    def test_evaluate_json(self) -> None:
        text = (ANSWERS / "saddle_numbness.json").read_text(encoding="utf-8")
        result = self.rules.evaluate_json(text)
        self.assertEqual(result.level, "emergency")
        self.assertEqual(result.to_dict(), self.rules.evaluate(json.loads(text)).to_dict())
        self.assertEqual(self.rules.evaluate_json(text.encode()).level, "emergency")
        self.assertEqual(self.rules.evaluate_json('{"saddle_numbness": true}').level,
                         "emergency")

    def test_evaluate_json_errors(self) -> None:
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate_json('{"saddle_numbness": tru')
        self.assertEqual(cm.exception.errors[0].code, "invalid-json")
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate_json('{"age_years": "old", "nope": 1}')
        self.assertEqual({(e.question, e.code) for e in cm.exception.errors},
                         {("age_years", "wrong-type"), ("nope", "unknown-question")})
        result = self.rules.evaluate_json('{"nope": 1}', raise_errors=False)
        self.assertFalse(result.ok)
        # Bytes that are not UTF-8 are refused (RF_EINVALID), inside a string or not, with the
        # offset of the first bad byte.
        for data, offset in ((b'{"cancer_type": "lung\xff"}', 21),
                             (b'{"saddle_numbness": true}\xc3', 25), (b'\xed\xa0\x80', 0),
                             (b'{"cancer_type": "\xc0\xaf"}', 17)):
            with self.assertRaises(RedflagError) as ce:
                self.rules.evaluate_json(data)
            self.assertIn(f"not valid UTF-8 (byte {offset})", str(ce.exception))
        self.assertIsNone(result.level)


class TestAnswerErrors(RulesetTestCase):
    def test_every_rejected_answer_is_collected(self) -> None:
        bad = {
            "saddle_numbness": True,
            "no_such_question": True,
            "age_years": "forty",          # wrong type
            "pain_severity_nrs": True,     # a bool for an integer question
            "temperature_c": 50.0,         # out of range (34..43)
            "leg_pain": "three_legs",      # undeclared option
            "fever": 1,                    # an int for a boolean question
            "age_at_onset_years": 30.5,    # not an integer
            "sex": ["female"],             # not a type an answer can have
        }
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate(bad)
        err = cm.exception
        got = [(e.question, e.code) for e in err.errors]
        self.assertEqual(got, [
            ("no_such_question", "unknown-question"),
            ("age_years", "wrong-type"),
            ("pain_severity_nrs", "wrong-type"),
            ("temperature_c", "out-of-range"),
            ("leg_pain", "unknown-option"),
            ("fever", "wrong-type"),
            ("age_at_onset_years", "not-an-integer"),
            ("sex", "wrong-type"),
        ])
        for e in err.errors:
            self.assertIn(e.question, e.message)
        self.assertEqual(err.question, "no_such_question")
        self.assertEqual(err.code, "unknown-question")
        self.assertIn("leg_pain", str(err))
        self.assertEqual(err.as_dict()["errors"][0]["code"], "unknown-question")
        # The error result: no level, never a lower urgency.
        self.assertIsNotNone(err.result)
        self.assertFalse(err.result.ok)
        self.assertIsNone(err.result.level)

    def test_bool_is_not_an_integer(self) -> None:
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate({"age_years": True})
        self.assertEqual(cm.exception.errors[0].code, "wrong-type")
        with self.assertRaises(AnswerError):
            self.rules.evaluate({"pain_duration_weeks": False})

    def test_raise_errors_false_returns_the_error_result(self) -> None:
        result = self.rules.evaluate({"age_years": 7}, raise_errors=False)
        self.assertFalse(result.ok)
        self.assertIsNone(result.level)
        self.assertFalse(result.complete)
        self.assertEqual([(e.question, e.code) for e in result.errors],
                         [("age_years", "out-of-range")])
        self.assertEqual(result.to_dict()["errors"][0]["code"], "out-of-range")

    def test_huge_integers_and_non_string_keys(self) -> None:
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate({"age_years": 10**30, 3: True})
        self.assertEqual([(e.question, e.code) for e in cm.exception.errors],
                         [("age_years", "out-of-range"), ("3", "unknown-question")])

    def test_which_answers_go_as_json(self) -> None:
        # evaluate() sends a dict of plain scalars to the library as one JSON document, and
        # anything the library would not read as the typed setters do through the setters.
        from redflag._core import _plain_json
        text = ('ruleset r "R"\nversion "1"\nlevels { low "Low" indicator info }\n'
                'default low\nquestion m: integer "M?"\nquestion note: text "Note?"\n'
                'question c: choice { a, b } "C?"\nquestion x: number "X?"\n')
        with Ruleset.loads(text) as rules:
            for plain in ({"m": 2**53}, {"m": -(2**53), "note": "1234567890123456789"},
                          {"m": 3, "note": ":12345678901234567"}, {"m": 1e16}, {"nope": 1},
                          {"note": "caf\u00e9"}, {}):
                self.assertIsNotNone(_plain_json(plain), plain)
            for other in ({"m": 2**53 + 1}, {"m": -(2**53) - 1, "note": "x"}, {"m": 10**30},
                          {3: True}, {None: 1}, {"m": float("nan")}, {"m": [1]},
                          {"m": True, "x": {}}, {"note": "a\0b"}, {"note": "\udcff"},
                          [("m", 1)]):
                self.assertIsNone(_plain_json(other), other)
            # Either way, the same result: as JSON, through the setters (a mapping that is not a
            # dict takes them), and for subclasses of the scalar types (an Enum of str or int).
            class Choice(str, enum.Enum):
                B = "b"

            class Number(enum.IntEnum):
                SEVEN = 7

            class Real(float):
                pass

            for answers in ({"m": 2**53 + 1}, {"m": 2**53}, {"m": -(2**60)},
                            {"m": Number.SEVEN, "c": Choice.B, "x": Real(2.5), "note": Choice.B},
                            {"m": Real(2.5), "c": Number.SEVEN, "x": Choice.B, "nope": True}):
                as_json = rules.evaluate(answers, raise_errors=False).to_dict()
                self.assertEqual(as_json, rules.evaluate(types.MappingProxyType(answers),
                                                         raise_errors=False).to_dict())
                self.assertEqual(as_json, rules.evaluate_json(json.dumps(answers),
                                                              raise_errors=False).to_dict())

    def test_python_side_problem_gives_an_error_result(self) -> None:
        a = answers("no_red_flags")
        a["sex"] = {"female": True}  # no setter takes a dict; the rest would be self_care
        result = self.rules.evaluate(a, raise_errors=False)
        self.assertFalse(result.ok)
        self.assertEqual((result.level, result.advice, result.indicator, result.rank),
                         (None, None, None, -1))
        self.assertFalse(result.complete)
        d = result.to_dict()
        self.assertEqual((d["level"], d["complete"]), (None, False))
        self.assertEqual(d["errors"], [{"question": "sex", "code": "wrong-type",
                                        "message": result.errors[0].message}])
        self.assertEqual(list(d), ["ruleset", "level", "advice", "indicator", "advice_items",
                                   "complete",
                                   "fired", "unresolved", "values", "errors"])
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate({"cancer_type": "lung\0", "saddle_numbness": True})
        self.assertEqual([e.question for e in cm.exception.errors], ["cancer_type"])
        # A lone surrogate is not UTF-8: the library refuses it (RF_EINVALID, not recorded).
        with self.assertRaises(AnswerError) as cm:
            self.rules.evaluate({"cancer_type": "lung\udcff", "saddle_numbness": True})
        self.assertEqual([e.question for e in cm.exception.errors], ["cancer_type"])
        self.assertIsNone(cm.exception.result.level)

    def test_no_range(self) -> None:
        text = ('ruleset r "R"\nversion "1"\nlevels { low "Low" indicator info }\n'
                'default low\nquestion n: number 0.5..2 "N?"\nquestion m: integer "M?"\n')
        with Ruleset.loads(text) as rules:
            n, m = rules.questions
            self.assertEqual((n.min, n.max), (0.5, 2.0))
            self.assertEqual((m.min, m.max, m.unit), (None, None, None))
            self.assertEqual(rules.evaluate({"m": -10**12, "n": 1}).level, "low")

    def test_scope_and_advice_items(self) -> None:
        text = ('ruleset r "R"\nversion "1"\n'
                'levels { low "Low" indicator info\n high "High" indicator critical }\n'
                'default low\nquestion a: boolean "A?"\n'
                'rule ra "A" -> high when a because "x" source "s"\n'
                'scope "Adults" excludes "Children" excludes "Neck pain" source "NG59"\n'
                'advice move "Keep moving." for low source "NG59"\n'
                'advice warn "Call 999 if worse." for low, high source "NG51"\n')
        with Ruleset.loads(text) as rules:
            self.assertEqual(rules.scope,
                             redflag.Scope("Adults", ("Children", "Neck pain"), "NG59"))
            self.assertEqual([(a.id, a.levels) for a in rules.advice_items],
                             [("move", ("low",)), ("warn", ("low", "high"))])
            low = rules.evaluate({"a": False})
            self.assertEqual([a.text for a in low.advice_items],
                             ["Keep moving.", "Call 999 if worse."])
            self.assertEqual([a["id"] for a in low.to_dict()["advice_items"]], ["move", "warn"])
            high = rules.evaluate({"a": True})
            self.assertEqual([a.source for a in high.advice_items], ["NG51"])
            bad = rules.evaluate({"a": 3}, raise_errors=False)
            self.assertEqual((bad.advice_items, bad.to_dict()["advice_items"]), ([], []))
        with Ruleset.loads('ruleset r "R"\nlevels { low "Low" }\ndefault low\n') as rules:
            self.assertIsNone(rules.scope)
            self.assertEqual(rules.advice_items, [])

    def test_content_hash(self) -> None:
        h = self.rules.content_hash
        self.assertRegex(h, r"^sha256:[0-9a-f]{64}$")
        result = self.rules.evaluate({"saddle_numbness": True})
        self.assertEqual(result.to_dict()["ruleset"]["content_hash"], h)
        self.assertEqual(self.rules.as_dict()["content_hash"], h)
        with Ruleset.load(RULES, parameters={"fever_threshold_c": 38.5}) as other:
            self.assertNotEqual(other.content_hash, h)

    def test_answers_must_be_a_mapping(self) -> None:
        with self.assertRaises(TypeError):
            self.rules.evaluate([("saddle_numbness", True)])  # type: ignore[arg-type]


class TestIntrospection(RulesetTestCase):
    def test_identity(self) -> None:
        self.assertEqual(self.rules.id, "low_back_pain")
        self.assertEqual(self.rules.version, "1.0.0")
        self.assertIn("low back pain", self.rules.title)
        self.assertEqual(self.rules.warnings, [])

    def test_levels(self) -> None:
        levels = self.rules.levels
        self.assertEqual([lv.id for lv in levels],
                         ["self_care", "routine", "soon", "urgent", "emergency"])
        self.assertEqual([lv.rank for lv in levels], [0, 1, 2, 3, 4])
        self.assertEqual([lv.indicator for lv in levels],
                         ["info", "info", "warning", "warning", "critical"])
        self.assertTrue(levels[4].advice.startswith("Go to A&E"))

    def test_questions(self) -> None:
        qs = {q.id: q for q in self.rules.questions}
        self.assertEqual(self.rules.questions[0].id, "age_years")
        self.assertIn("sbst_9", qs)  # from the `use`d start_back.rf
        age = qs["age_years"]
        self.assertEqual((age.type, age.min, age.max, age.unit, age.required),
                         ("integer", 16.0, 120.0, "a", False))
        self.assertEqual(age.prompt, "How old are you?")
        temp = qs["temperature_c"]
        self.assertEqual((temp.type, temp.min, temp.max, temp.unit), ("number", 34.0, 43.0, "Cel"))
        saddle = qs["saddle_numbness"]
        self.assertEqual((saddle.type, saddle.required, saddle.options, saddle.unit, saddle.min),
                         ("boolean", True, (), None, None))
        self.assertEqual([q for q in qs if qs[q].required], CES)
        leg = qs["leg_pain"]
        self.assertEqual(leg.type, "choice")
        self.assertEqual([(o.id, o.label) for o in leg.options],
                         [("none", "No"), ("one_leg", "Into one leg"),
                          ("both_legs", "Into both legs")])
        self.assertEqual(qs["cancer_type"].type, "text")
        self.assertEqual(self.rules.question("sex").options[1].id, "male")
        with self.assertRaises(KeyError):
            self.rules.question("nope")

    def test_ruleset_json(self) -> None:
        d = self.rules.as_dict()
        self.assertIsInstance(d, dict)
        self.assertEqual(json.loads(self.rules.to_json()), d)
        self.assertIn("low_back_pain", self.rules.to_json())


class TestLoad(unittest.TestCase):
    def test_load_error_has_position_and_diagnostics(self) -> None:
        text = ('ruleset broken "Broken"\nversion "1"\nlevels { low "Low" indicator info }\n'
                "default low\nquestion q: boolean \"Q?\"\nrule r \"R\" -> nowhere\n  when q\n"
                '  because "B"\n  source "S"\n')
        with self.assertRaises(LoadError) as cm:
            Ruleset.loads(text, source_name="broken.rf")
        err = cm.exception
        self.assertTrue(err.diagnostics)
        first = err.errors[0]
        self.assertEqual(first.severity, "error")
        self.assertEqual(first.file, "broken.rf")
        self.assertEqual((err.line, err.column), (first.line, first.column))
        self.assertEqual((err.line, err.column), (6, 15))
        self.assertEqual(first.code, "unknown-level")
        self.assertIn("nowhere", first.message)
        self.assertIn("broken.rf:6:", str(err))
        self.assertIn("^", str(err))

    def test_syntax_error_position(self) -> None:
        with self.assertRaises(LoadError) as cm:
            Ruleset.loads('ruleset x "X"\nversion "1"\nlevels {\n  low "Low" indicator\n')
        self.assertEqual((cm.exception.line, cm.exception.column), (4, 22))
        self.assertEqual(cm.exception.file, "<string>")
        self.assertEqual(cm.exception.errors[0].code, "syntax")

    def test_missing_file(self) -> None:
        with self.assertRaises(LoadError) as cm:
            Ruleset.load(ROOT / "tests" / "fixtures" / "rules" / "no_such_file.rf")
        self.assertIn("no_such_file.rf", str(cm.exception))
        self.assertIsInstance(cm.exception, redflag.RedflagError)

    def test_loads_and_use_relative_to_source_name(self) -> None:
        text = RULES.read_text(encoding="utf-8")
        with Ruleset.loads(text, source_name=str(RULES)) as rules:
            self.assertEqual(rules.evaluate({"saddle_numbness": True}).level, "emergency")
        self.assertTrue(rules.closed)
        with self.assertRaises(redflag.RedflagError):
            rules.evaluate({})
        rules.close()  # idempotent

    def test_parameter_override_changes_the_outcome(self) -> None:
        # 38.5 degrees is a fever at the rule file's 38.0, not at an override of 39.0.
        answers = {"fever": False, "temperature_c": 38.5}
        with Ruleset.load(RULES) as rules:
            self.assertEqual({p.id: p.value for p in rules.parameters}["fever_threshold_c"], 38.0)
            self.assertIs(rules.evaluate(answers).values["fever_present"], True)
        with Ruleset.load(RULES, parameters={"fever_threshold_c": 39}) as rules:
            fever = [p for p in rules.parameters if p.id == "fever_threshold_c"][0]
            self.assertEqual(fever.value, 39.0)
            self.assertIn("fever", fever.description)
            self.assertIs(rules.evaluate(answers).values["fever_present"], False)
        text = RULES.read_text(encoding="utf-8")
        with Ruleset.loads(text, str(RULES), parameters={"fever_threshold_c": 39.0}) as rules:
            self.assertIs(rules.evaluate(answers).values["fever_present"], False)

    def test_unknown_parameter_is_a_load_error(self) -> None:
        with self.assertRaises(LoadError) as cm:
            Ruleset.load(RULES, parameters={"no_such_param": 1})
        self.assertEqual(cm.exception.errors[0].code, "unknown-name")
        self.assertIn("no_such_param", str(cm.exception))

    def test_limits(self) -> None:
        text = ('ruleset two "Two"\nversion "1"\nlevels { low "Low" indicator info }\n'
                'default low\nquestion a: boolean "A?"\nquestion b: boolean "B?"\n'
                'rule ra "A" -> low when ((a)) because "a" source "s"\n'
                'rule rb "B" -> low when b because "b" source "s"\n')
        met = {"max_rules": 2, "max_questions": 2, "max_nesting_depth": 2,
               "max_string_bytes": 3, "max_source_bytes": len(text)}
        with Ruleset.loads(text, **met) as rules:
            self.assertEqual(rules.id, "two")
        for limit, value in met.items():
            with self.subTest(limit=limit):
                with self.assertRaises(LoadError) as cm:
                    Ruleset.loads(text, **{limit: value - 1})
                self.assertEqual(cm.exception.errors[0].code, "limit-exceeded")
                self.assertIn(limit, cm.exception.errors[0].message)
        with self.assertRaises(LoadError) as cm:
            Ruleset.load(RULES, max_use_depth=1)  # low_back_pain.rf uses start_back.rf
        self.assertIn("max_use_depth", str(cm.exception))
        with Ruleset.load(RULES, max_use_depth=2, load_tests=True) as rules:
            self.assertEqual(rules.id, "low_back_pain")

    def test_load_tests_reads_the_test_file_beside(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            rules = Path(tmp) / "r.rf"
            rules.write_text('ruleset r "R"\nversion "1"\nlevels { low "Low" indicator info }\n'
                             "default low\n", encoding="utf-8")
            (Path(tmp) / "r.test.rf").write_text("not a test file\n", encoding="utf-8")
            with Ruleset.load(rules) as loaded:
                self.assertEqual(loaded.id, "r")
            with self.assertRaises(LoadError) as cm:
                Ruleset.load(rules, load_tests=True)
            self.assertTrue(cm.exception.file.endswith("r.test.rf"))

    def test_bad_options_are_refused_before_loading(self) -> None:
        for bad in (0, -1, 2.5, True, "10"):
            with self.subTest(max_rules=bad), self.assertRaises(ValueError):
                Ruleset.load(RULES, max_rules=bad)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            Ruleset.load(RULES, parameters={"fever_threshold_c": "high"})  # type: ignore[dict-item]
        with self.assertRaises(TypeError):
            Ruleset.load(RULES, parameters={1: 38.0})  # type: ignore[dict-item]
        with self.assertRaises(TypeError):
            Ruleset.load(RULES, parameters=[("fever_threshold_c", 38.0)])  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            Ruleset.load(RULES, parameters={"fever_threshold_c": float("nan")})

    def test_del_frees(self) -> None:
        rules = Ruleset.load(RULES)
        del rules  # no crash; the handle is freed by __del__


class TestThreads(RulesetTestCase):
    def test_eight_threads_share_one_ruleset(self) -> None:
        cases = {name: self.rules.evaluate(answers(name)).to_dict()
                 for name in ("saddle_numbness", "no_red_flags", "missing_ces", "fever_ivdu",
                              "cancer_history", "axial_spa", "startback_high")}
        inputs = {name: answers(name) for name in cases}
        failures: list = []
        barrier = threading.Barrier(8)

        def work(k: int) -> None:
            try:
                barrier.wait(timeout=30)
                names = list(cases)
                for i in range(200):
                    name = names[(i + k) % len(names)]
                    got = self.rules.evaluate(inputs[name]).to_dict()
                    if got != cases[name]:
                        failures.append((k, name))
                    if i % 50 == 0:
                        try:
                            self.rules.evaluate({"age_years": True, "nope": 1})
                            failures.append((k, "no AnswerError"))
                        except AnswerError as e:
                            if len(e.errors) != 2:
                                failures.append((k, "errors", e.errors))
            except Exception as e:  # pragma: no cover - reported below
                failures.append((k, repr(e)))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertFalse(any(t.is_alive() for t in threads))
        self.assertEqual(failures, [])

    def test_close_while_evaluating_is_safe(self) -> None:
        rules = Ruleset.load(RULES)
        a = answers("saddle_numbness")
        errors: list = []

        def work() -> None:
            for _ in range(100):
                try:
                    rules.evaluate(a)
                except redflag.RedflagError as e:
                    if "closed" not in str(e):
                        errors.append(e)
                    return

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        rules.close()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(errors, [])


class TestLibrary(unittest.TestCase):
    def test_library_version(self) -> None:
        self.assertEqual(redflag.library_version()[:2], (0, 1))

    def test_lookup_through_environment(self) -> None:
        lib = os.environ.get("REDFLAG_LIBRARY") or redflag.library_path()
        code = ("import redflag; print(redflag.library_path()); "
                "print(redflag.Ruleset.load('tests/fixtures/rules/low_back_pain.rf').id)")
        env = dict(os.environ, REDFLAG_LIBRARY=lib, PYTHONPATH=str(HERE.parent))
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=60,
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split(), [lib, "low_back_pain"])

    def test_bad_environment_path_is_a_clear_error(self) -> None:
        code = "import redflag; redflag.library_path()"
        env = dict(os.environ, REDFLAG_LIBRARY=str(ROOT / "no" / "libredflag_c.so"),
                   PYTHONPATH=str(HERE.parent))
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=60,
                             capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("LibraryNotFoundError", out.stderr)
        self.assertIn("REDFLAG_LIBRARY", out.stderr)

    def test_not_found_lists_where_it_looked(self) -> None:
        from redflag import _lib

        saved = dict(os.environ)
        try:
            os.environ.pop("REDFLAG_LIBRARY", None)
            _, searched = _lib.candidate_paths()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self.assertTrue(any("build/*/bindings/c/" in s.replace(os.sep, "/") for s in searched))
        self.assertTrue(any("find_library" in s for s in searched))
        err = redflag.LibraryNotFoundError("x", searched)
        self.assertIsInstance(err, ImportError)
        self.assertIsInstance(err, RuntimeError)


if __name__ == "__main__":
    unittest.main()
