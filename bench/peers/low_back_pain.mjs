// The level decision of rules/low_back_pain.rf (with the STarT Back score it `use`s from
// rules/start_back.rf), translated by hand for the two peer engines:
//
//   zenDecision()  a GoRules JDM graph: input -> expression node (the derived values of the .rf,
//                  then one boolean per rule) -> decision table (hit policy "first", rows from the
//                  most urgent level down, a catch-all row for the default) -> output {level}
//   jreRules()     json-rules-engine: one rule per .rf rule, priority = level rank, event
//                  {type: level}; derived booleans as named conditions (setCondition), the counts
//                  (STarT Back total, NG65/ASAS criteria, weak flags, malignancy flags) as
//                  dynamic facts counting listed conditions.
//
// Thresholds are the .rf's `param` defaults. Unanswered questions: redflag reads them as unknown
// (three-valued logic); these engines have no unknown, so every comparison with an absent
// answer is written to be false (`x == true`, `x != null and x > 50`, `x in [...]` instead of
// `x != none`). For records whose redflag result is complete, both readings give the same level
// (bench/peers/run.sh checks this on every generated record).
//
// If rules/low_back_pain.rf changes, this file must follow: run.sh then reports disagreements.

export const LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"];

const REQUIRED = [
  "saddle_numbness",
  "urinary_retention",
  "bladder_change_new",
  "urinary_incontinence_new",
  "bowel_incontinence_new",
  "sexual_dysfunction_new",
];

// --- zen-engine (JDM) -------------------------------------------------------------------------

// Derived values, in the order of the .rf; `$.name` reads an earlier one.
const ZEN_DERIVED = [
  ["ces_features", `count([saddle_numbness == true, urinary_retention == true, bladder_change_new == true,
      urinary_incontinence_new == true, bowel_incontinence_new == true, sexual_dysfunction_new == true,
      leg_pain == "both_legs"], #)`],
  ["neuro_progressive_deficit", `leg_weakness == "progressive_or_severe" or foot_drop == true`],
  ["neuro_bilateral_weakness", `leg_weakness in ["stable", "progressive_or_severe"] and leg_weakness_bilateral == true`],
  ["radicular_pain", `leg_pain == "both_legs" or (leg_pain == "one_leg" and leg_pain_below_knee == true)`],
  ["age_over_50", `age_years != null and age_years > 50`],
  ["age_under_20", `age_years != null and age_years < 20`],
  ["age_over_70", `age_years != null and age_years > 70`],
  ["failure_to_improve", `pain_duration_weeks != null and pain_duration_weeks > 4`],
  ["neuro_symptom", `leg_weakness in ["stable", "progressive_or_severe"] or foot_drop == true
      or gait_disturbance_new == true or $.radicular_pain or leg_numbness == true or $.ces_features >= 1`],
  ["mscc", `history_of_cancer == true and $.neuro_symptom`],
  ["malignancy_moderate_flags", `count([unexplained_weight_loss == true, constant_progressive_pain == true,
      systemically_unwell == true], #)`],
  ["malignancy_context_flags", `count([$.age_over_50, $.age_under_20, night_pain == true, thoracic_pain == true,
      $.failure_to_improve, unexplained_weight_loss == true, constant_progressive_pain == true,
      systemically_unwell == true], #)`],
  ["fever_present", `fever == true or (temperature_c != null and temperature_c >= 38)`],
  ["infection_high_risk", `iv_drug_use == true or immunosuppressed == true or recent_spinal_procedure == true
      or leg_weakness in ["stable", "progressive_or_severe"]`],
  ["fragility_risk", `osteoporosis == true or long_term_corticosteroids == true or $.age_over_70`],
  ["fragility_event", `onset == "sudden" and trauma in ["none", "minor"] and $.fragility_risk`],
  ["aaa_suspected", `known_aaa == true or (age_years != null and age_years >= 50
      and (abdominal_pain == true or pulsatile_abdominal_mass == true))`],
  ["ng65_criteria", `count([age_at_onset_years != null and age_at_onset_years < 35, wakes_second_half_night == true,
      alternating_buttock_pain == true, improves_with_exercise == true, nsaid_good_response == true,
      family_history_spa == true, peripheral_arthritis_or_enthesitis == true, psoriasis == true], #)`],
  ["axspa_ng65", `age_at_onset_years != null and age_at_onset_years < 45
      and pain_duration_weeks != null and pain_duration_weeks > 12 and $.ng65_criteria >= 4`],
  ["asas_ibp", `count([age_at_onset_years != null and age_at_onset_years < 40, onset == "gradual",
      improves_with_exercise == true, no_improvement_with_rest == true, wakes_second_half_night == true], #)`],
  ["axspa_asas_ibp", `pain_duration_weeks != null and pain_duration_weeks > 12 and $.asas_ibp >= 4`],
  ["pyelonephritis_features", `$.fever_present and flank_pain == true and dysuria == true`],
  ["weak_flags", `count([$.age_over_50 or $.age_under_20, $.failure_to_improve, night_pain == true,
      thoracic_pain == true, osteoporosis == true, long_term_corticosteroids == true,
      unexplained_weight_loss == true], #)`],
  ["sbst_item9_positive", `sbst_9 in ["very_much", "extremely"]`],
  ["sbst_total", `count([sbst_1 == true, sbst_2 == true, sbst_3 == true, sbst_4 == true, sbst_5 == true,
      sbst_6 == true, sbst_7 == true, sbst_8 == true, $.sbst_item9_positive], #)`],
  ["sbst_risk_not_low", `$.sbst_total >= 4`],
];

// The rules of the .rf: [id, level, condition].
const ZEN_RULES = [
  ["suspected_ces", "emergency", `$.ces_features >= 1`],
  ["suspected_mscc", "emergency", `$.mscc`],
  ["cord_or_cauda_compression", "emergency",
   `$.neuro_progressive_deficit and ($.neuro_bilateral_weakness or gait_disturbance_new == true)`],
  ["spinal_infection_high_risk", "emergency", `$.fever_present and $.infection_high_risk`],
  ["symptomatic_or_ruptured_aaa", "emergency",
   `($.aaa_suspected and (onset == "sudden" or collapse_or_faint == true or known_aaa == true))
      or (collapse_or_faint == true and age_years != null and age_years > 50)`],
  ["major_trauma", "emergency", `trauma == "major"`],
  ["progressive_motor_deficit", "urgent", `$.neuro_progressive_deficit`],
  ["fever_with_back_pain", "urgent", `$.fever_present`],
  ["possible_pyelonephritis", "urgent", `$.pyelonephritis_features`],
  ["missing_required", "urgent", REQUIRED.map((q) => `${q} == null`).join(" or ")],
  ["history_of_cancer_new_pain", "soon", `history_of_cancer == true`],
  ["suspected_fragility_fracture", "soon", `$.fragility_event`],
  ["malignancy_flag_combination", "soon",
   `$.malignancy_moderate_flags >= 1 and $.malignancy_context_flags >= 2`],
  ["possible_axial_spa", "routine", `$.axspa_ng65 or $.axspa_asas_ibp`],
  ["startback_medium_or_high", "routine", `$.sbst_risk_not_low`],
  ["unilateral_radicular_pain", "routine", `leg_pain == "one_leg" and leg_pain_below_knee == true`],
  ["persistent_pain_over_12_weeks", "routine", `pain_duration_weeks != null and pain_duration_weeks > 12`],
  ["two_or_more_weak_flags", "routine", `$.weak_flags >= 2`],
  ["unexplained_weight_loss_flag", "routine", `unexplained_weight_loss == true`],
];

export function zenDecision() {
  const position = { x: 0, y: 0 };
  const flat = (s) => s.replace(/\s+/g, " ").trim();
  const expressions = [
    ...ZEN_DERIVED.map(([key, value], i) => ({ id: `d${i}`, key, value: flat(value) })),
    ...ZEN_RULES.map(([key, , value], i) => ({ id: `r${i}`, key: `rule_${key}`, value: flat(value) })),
  ];
  // Rows from the most urgent level down; "first" hit policy: the highest level wins.
  const ordered = [...ZEN_RULES].sort((a, b) => LEVELS.indexOf(b[1]) - LEVELS.indexOf(a[1]));
  const inputs = ordered.map(([key], i) => ({ id: `c${i}`, name: key, field: `rule_${key}` }));
  const rows = ordered.map(([, level], i) => {
    const row = { _id: `row${i}`, out: JSON.stringify(level) };
    inputs.forEach((c, j) => (row[c.id] = j === i ? "true" : ""));
    return row;
  });
  const fallback = { _id: "default", out: JSON.stringify(LEVELS[0]) };
  inputs.forEach((c) => (fallback[c.id] = ""));
  rows.push(fallback);
  return {
    nodes: [
      { id: "input", type: "inputNode", name: "answers", position },
      {
        id: "derived", type: "expressionNode", name: "derived values and rules", position,
        content: { expressions, passThrough: false, inputField: null, outputPath: null, executionMode: "single" },
      },
      {
        id: "level", type: "decisionTableNode", name: "level", position,
        content: {
          hitPolicy: "first", inputs, outputs: [{ id: "out", name: "level", field: "level" }], rules: rows,
          passThrough: false, inputField: null, outputPath: null, executionMode: "single",
        },
      },
      { id: "output", type: "outputNode", name: "result", position },
    ],
    edges: [
      { id: "e1", sourceId: "input", targetId: "derived", type: "edge" },
      { id: "e2", sourceId: "derived", targetId: "level", type: "edge" },
      { id: "e3", sourceId: "level", targetId: "output", type: "edge" },
    ],
  };
}

// --- json-rules-engine ------------------------------------------------------------------------

const yes = (fact) => ({ fact, operator: "equal", value: true });
const is = (fact, value) => ({ fact, operator: "equal", value });
const oneOf = (fact, values) => ({ fact, operator: "in", value: values });
const gt = (fact, value) => ({ fact, operator: "greaterThan", value });
const ge = (fact, value) => ({ fact, operator: "greaterThanInclusive", value });
const lt = (fact, value) => ({ fact, operator: "lessThan", value });
const cond = (condition) => ({ condition });
const all = (...c) => ({ all: c });
const any = (...c) => ({ any: c });
const WEAKNESS = ["stable", "progressive_or_severe"];

// Named conditions (the .rf's boolean derived values).
const JRE_CONDITIONS = {
  ces_any: any(...REQUIRED.map(yes), is("leg_pain", "both_legs")),
  neuro_progressive_deficit: any(is("leg_weakness", "progressive_or_severe"), yes("foot_drop")),
  neuro_bilateral_weakness: all(oneOf("leg_weakness", WEAKNESS), yes("leg_weakness_bilateral")),
  radicular_pain: any(is("leg_pain", "both_legs"), all(is("leg_pain", "one_leg"), yes("leg_pain_below_knee"))),
  neuro_symptom: any(oneOf("leg_weakness", WEAKNESS), yes("foot_drop"), yes("gait_disturbance_new"),
    cond("radicular_pain"), yes("leg_numbness"), cond("ces_any")),
  mscc: all(yes("history_of_cancer"), cond("neuro_symptom")),
  fever_present: any(yes("fever"), ge("temperature_c", 38)),
  infection_high_risk: any(yes("iv_drug_use"), yes("immunosuppressed"), yes("recent_spinal_procedure"),
    oneOf("leg_weakness", WEAKNESS)),
  fragility_risk: any(yes("osteoporosis"), yes("long_term_corticosteroids"), gt("age_years", 70)),
  fragility_event: all(is("onset", "sudden"), oneOf("trauma", ["none", "minor"]), cond("fragility_risk")),
  aaa_suspected: any(yes("known_aaa"),
    all(ge("age_years", 50), any(yes("abdominal_pain"), yes("pulsatile_abdominal_mass")))),
  axspa_ng65: all(lt("age_at_onset_years", 45), gt("pain_duration_weeks", 12), ge("ng65_criteria", 4)),
  axspa_asas_ibp: all(gt("pain_duration_weeks", 12), ge("asas_ibp", 4)),
  pyelonephritis_features: all(cond("fever_present"), yes("flank_pain"), yes("dysuria")),
};

// Counted facts (the .rf's count(...) values): each counts which listed conditions hold.
export const JRE_COUNTS = {
  malignancy_moderate_flags: [yes("unexplained_weight_loss"), yes("constant_progressive_pain"),
    yes("systemically_unwell")],
  malignancy_context_flags: [gt("age_years", 50), lt("age_years", 20), yes("night_pain"), yes("thoracic_pain"),
    gt("pain_duration_weeks", 4), yes("unexplained_weight_loss"), yes("constant_progressive_pain"),
    yes("systemically_unwell")],
  ng65_criteria: [lt("age_at_onset_years", 35), yes("wakes_second_half_night"), yes("alternating_buttock_pain"),
    yes("improves_with_exercise"), yes("nsaid_good_response"), yes("family_history_spa"),
    yes("peripheral_arthritis_or_enthesitis"), yes("psoriasis")],
  asas_ibp: [lt("age_at_onset_years", 40), is("onset", "gradual"), yes("improves_with_exercise"),
    yes("no_improvement_with_rest"), yes("wakes_second_half_night")],
  weak_flags: [any(gt("age_years", 50), lt("age_years", 20)), gt("pain_duration_weeks", 4), yes("night_pain"),
    yes("thoracic_pain"), yes("osteoporosis"), yes("long_term_corticosteroids"), yes("unexplained_weight_loss")],
  sbst_total: [...["sbst_1", "sbst_2", "sbst_3", "sbst_4", "sbst_5", "sbst_6", "sbst_7", "sbst_8"].map(yes),
    oneOf("sbst_9", ["very_much", "extremely"])],
};

const JRE_RULES = [
  ["suspected_ces", "emergency", cond("ces_any")],
  ["suspected_mscc", "emergency", cond("mscc")],
  ["cord_or_cauda_compression", "emergency",
   all(cond("neuro_progressive_deficit"), any(cond("neuro_bilateral_weakness"), yes("gait_disturbance_new")))],
  ["spinal_infection_high_risk", "emergency", all(cond("fever_present"), cond("infection_high_risk"))],
  ["symptomatic_or_ruptured_aaa", "emergency",
   any(all(cond("aaa_suspected"), any(is("onset", "sudden"), yes("collapse_or_faint"), yes("known_aaa"))),
       all(yes("collapse_or_faint"), gt("age_years", 50)))],
  ["major_trauma", "emergency", is("trauma", "major")],
  ["progressive_motor_deficit", "urgent", cond("neuro_progressive_deficit")],
  ["fever_with_back_pain", "urgent", cond("fever_present")],
  ["possible_pyelonephritis", "urgent", cond("pyelonephritis_features")],
  ["missing_required", "urgent", any(...REQUIRED.map((fact) => ({ fact, operator: "missing", value: true })))],
  ["history_of_cancer_new_pain", "soon", yes("history_of_cancer")],
  ["suspected_fragility_fracture", "soon", cond("fragility_event")],
  ["malignancy_flag_combination", "soon",
   all(ge("malignancy_moderate_flags", 1), ge("malignancy_context_flags", 2))],
  ["possible_axial_spa", "routine", any(cond("axspa_ng65"), cond("axspa_asas_ibp"))],
  ["startback_medium_or_high", "routine", ge("sbst_total", 4)],
  ["unilateral_radicular_pain", "routine", all(is("leg_pain", "one_leg"), yes("leg_pain_below_knee"))],
  ["persistent_pain_over_12_weeks", "routine", gt("pain_duration_weeks", 12)],
  ["two_or_more_weak_flags", "routine", ge("weak_flags", 2)],
  ["unexplained_weight_loss_flag", "routine", yes("unexplained_weight_loss")],
];

// Evaluates one counted condition, reading facts through the almanac, with json-rules-engine's own
// operator semantics (equal: ===; in: indexOf; numeric operators false for a non-number).
async function holds(c, almanac) {
  if (c.all) {
    for (const x of c.all) if (!(await holds(x, almanac))) return false;
    return true;
  }
  if (c.any) {
    for (const x of c.any) if (await holds(x, almanac)) return true;
    return false;
  }
  const v = await almanac.factValue(c.fact);
  switch (c.operator) {
    case "equal": return v === c.value;
    case "in": return c.value.indexOf(v) > -1;
    case "lessThan": return typeof v === "number" && v < c.value;
    case "greaterThan": return typeof v === "number" && v > c.value;
    case "greaterThanInclusive": return typeof v === "number" && v >= c.value;
    default: throw new Error(`operator ${c.operator}`);
  }
}

// Builds a json-rules-engine Engine for the decision. `Engine` is the package's export.
export function jreEngine(Engine) {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator("missing", (factValue) => factValue === undefined || factValue === null);
  for (const [name, c] of Object.entries(JRE_CONDITIONS)) engine.setCondition(name, c);
  for (const [name, items] of Object.entries(JRE_COUNTS)) {
    engine.addFact(name, async (params, almanac) => {
      let n = 0;
      for (const c of items) n += (await holds(c, almanac)) ? 1 : 0;
      return n;
    });
  }
  for (const [id, level, c] of JRE_RULES) {
    const conditions = c.all || c.any ? c : { all: [c] };
    const rank = LEVELS.indexOf(level);
    engine.addRule({
      name: id,
      priority: rank + 1,  // json-rules-engine: higher priority runs first; 0 is not allowed
      conditions,
      event: { type: level, params: { rank } },
      // Rules of one priority run together; once one fires, lower levels cannot matter.
      onSuccess: (event, almanac) => engine.stop(),
    });
  }
  return engine;
}

// The level json-rules-engine decides for `answers` (an answers object).
export async function jreLevel(engine, answers) {
  const { events } = await engine.run(answers);
  let rank = 0;
  for (const e of events) rank = Math.max(rank, e.params.rank);
  return LEVELS[rank];
}
