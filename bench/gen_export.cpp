// redflag benchmarks: the synthetic export generator (see gen_export.hpp).
#include "gen_export.hpp"

#include "io/json_writer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace redflag {
namespace bench {

namespace {

// splitmix64: a tiny, fast generator whose stream is fixed by its seed. Each record seeds its own
// stream from (seed, index), so records can be generated in any order, or in parallel.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool bernoulli(double p) noexcept { return uniform() < p; }
  double normal() noexcept {  // Box-Muller, one of the pair
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t state_;
};

// Base rates of "yes" (or "agree"), for adults consulting with low back pain in primary care.
// Most are a few percent or less; the common non-specific features (night pain, leg numbness,
// smoking, the STarT Back items) are common, as they are in practice: Henschke 2009 found 80% of
// patients have at least one red flag and 0.9% serious pathology (docs/clinical-basis.md).
constexpr std::pair<std::string_view, double> kBooleanRates[] = {
    {"thoracic_pain", 0.05},
    {"leg_numbness", 0.20},
    // Cauda equina (each rare; with both_legs below, about 2.5% of records)
    {"saddle_numbness", 0.003},
    {"urinary_retention", 0.001},
    {"bladder_change_new", 0.005},
    {"urinary_incontinence_new", 0.002},
    {"bowel_incontinence_new", 0.001},
    {"sexual_dysfunction_new", 0.003},
    // Neurological
    {"foot_drop", 0.01},
    {"gait_disturbance_new", 0.02},
    // Malignancy
    {"history_of_cancer", 0.04},
    {"unexplained_weight_loss", 0.03},
    {"night_pain", 0.15},
    {"constant_progressive_pain", 0.05},
    {"systemically_unwell", 0.04},
    // Infection and visceral
    {"fever", 0.02},
    {"iv_drug_use", 0.005},
    {"immunosuppressed", 0.03},
    {"recent_infection", 0.04},
    {"recent_spinal_procedure", 0.02},
    {"diabetes", 0.09},
    {"flank_pain", 0.05},
    {"dysuria", 0.03},
    // Fracture
    {"osteoporosis", 0.04},
    {"long_term_corticosteroids", 0.02},
    // Inflammatory back pain
    {"morning_stiffness_over_30min", 0.20},
    {"improves_with_exercise", 0.40},
    {"no_improvement_with_rest", 0.25},
    {"wakes_second_half_night", 0.12},
    {"alternating_buttock_pain", 0.08},
    {"nsaid_good_response", 0.30},
    {"family_history_spa", 0.03},
    {"psoriasis", 0.03},
    {"peripheral_arthritis_or_enthesitis", 0.05},
    {"ibd_or_uveitis", 0.015},
    // Vascular
    {"abdominal_pain", 0.05},
    {"pulsatile_abdominal_mass", 0.002},
    {"collapse_or_faint", 0.004},
    {"known_aaa", 0.003},
    {"smoker", 0.30},
    {"pregnant", 0.04},  // asked of women under 50 only
    // STarT Back items 1-8 (agree), before the psychosocial latent trait shifts them
    {"sbst_1", 0.45},
    {"sbst_2", 0.35},
    {"sbst_3", 0.40},
    {"sbst_4", 0.40},
    {"sbst_5", 0.25},
    {"sbst_6", 0.35},
    {"sbst_7", 0.20},
    {"sbst_8", 0.30},
};

struct ChoiceWeights {
  std::string_view question;
  std::array<std::pair<std::string_view, double>, 5> options;
};

constexpr ChoiceWeights kChoiceWeights[] = {
    {"sex", {{{"female", 0.55}, {"male", 0.44}, {"other", 0.01}}}},
    {"onset", {{{"sudden", 0.35}, {"gradual", 0.65}}}},
    {"leg_pain", {{{"none", 0.55}, {"one_leg", 0.44}, {"both_legs", 0.01}}}},
    {"trauma", {{{"none", 0.80}, {"minor", 0.19}, {"major", 0.01}}}},
    {"leg_weakness", {{{"none", 0.89}, {"stable", 0.10}, {"progressive_or_severe", 0.01}}}},
    {"sbst_9",
     {{{"not_at_all", 0.05},
       {"slightly", 0.22},
       {"moderately", 0.40},
       {"very_much", 0.23},
       {"extremely", 0.10}}}},
};

constexpr std::string_view kCancerTypes[] = {"breast",  "prostate", "lung",    "bowel",
                                             "kidney",  "melanoma", "myeloma", "lymphoma",
                                             "bladder", "thyroid"};

double clamp(double x, double lo, double hi) noexcept {
  return std::min(std::max(x, lo), hi);
}
double round1(double x) noexcept {
  return std::round(x * 10.0) / 10.0;
}
double logit(double p) noexcept {
  return std::log(p / (1.0 - p));
}
double logistic(double x) noexcept {
  return 1.0 / (1.0 + std::exp(-x));
}

void append_number(std::string& out, double x, bool integer) {
  char buf[32];
  const auto r = integer ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x))
                         : std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}

void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

bool parse_format(std::string_view text, ExportFormat& format) noexcept {
  if (text == "csv") return format = ExportFormat::csv, true;
  if (text == "ndjson") return format = ExportFormat::ndjson, true;
  if (text == "fhir") return format = ExportFormat::fhir, true;
  return false;
}

std::size_t ExportGenerator::q(std::string_view id) const noexcept {
  const auto i = ruleset_.find_question(id);
  return i ? *i : npos;
}

ExportGenerator::ExportGenerator(const Ruleset& ruleset, GenOptions options)
    : ruleset_(ruleset), options_(options) {
  const auto questions = ruleset_.questions();
  specs_.resize(questions.size());
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& question = questions[i];
    Spec& spec = specs_[i];
    spec.type = question.type;
    spec.required = question.required;
    if (question.min) spec.lo = *question.min;
    if (question.max) spec.hi = *question.max;
    if (spec.hi < spec.lo) spec.hi = spec.lo;
    for (const auto& [id, p] : kBooleanRates) {
      if (id == question.id) spec.p_true = p;
    }
    if (question.type == QuestionType::choice && !question.options.empty()) {
      // Declared options get their weight from the table (0 when not listed); a question the
      // table does not know, or whose listed options are all gone, is answered uniformly.
      std::vector<double> weights(question.options.size(), 0.0);
      double total = 0;
      for (const auto& entry : kChoiceWeights) {
        if (entry.question != question.id) continue;
        for (const auto& [option, w] : entry.options) {
          for (std::size_t k = 0; k < question.options.size(); ++k) {
            if (!option.empty() && question.options[k].id == option) weights[k] = w, total += w;
          }
        }
      }
      if (total <= 0)
        std::fill(weights.begin(), weights.end(), 1.0), total = double(weights.size());
      double sum = 0;
      for (const double w : weights)
        spec.cumulative.push_back(sum += w / total);
      spec.cumulative.back() = 1.0;
    }
  }
  age_ = q("age_years");
  sex_ = q("sex");
  duration_ = q("pain_duration_weeks");
  onset_ = q("onset");
  severity_ = q("pain_severity_nrs");
  leg_pain_ = q("leg_pain");
  below_knee_ = q("leg_pain_below_knee");
  weakness_ = q("leg_weakness");
  bilateral_ = q("leg_weakness_bilateral");
  cancer_ = q("history_of_cancer");
  cancer_type_ = q("cancer_type");
  cancer_year_ = q("cancer_year");
  weight_loss_ = q("unexplained_weight_loss");
  weight_loss_kg_ = q("weight_loss_kg");
  fever_ = q("fever");
  temperature_ = q("temperature_c");
  osteoporosis_ = q("osteoporosis");
  steroids_ = q("long_term_corticosteroids");
  age_at_onset_ = q("age_at_onset_years");
  pregnant_ = q("pregnant");
  sbst9_ = q("sbst_9");
  for (const char* id :
       {"sbst_1", "sbst_2", "sbst_3", "sbst_4", "sbst_5", "sbst_6", "sbst_7", "sbst_8"}) {
    if (const std::size_t i = q(id); i != npos) {
      sbst_items_.push_back(i);
      sbst_base_.push_back(specs_[i].p_true);
    }
  }
}

void ExportGenerator::generate(std::uint64_t index, std::vector<Value>& values) const {
  const auto questions = ruleset_.questions();
  Rng rng(options_.seed * 0xD1B54A32D192ED03ull + index * 0x9E3779B97F4A7C15ull + 1);
  values.assign(questions.size(), Value{});

  // 1. Every question from its own distribution.
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Spec& spec = specs_[i];
    switch (spec.type) {
      case QuestionType::boolean:
        values[i] = Value::of(rng.bernoulli(spec.p_true));
        break;
      case QuestionType::choice: {
        if (spec.cumulative.empty()) break;
        const double u = rng.uniform();
        const auto k =
            std::size_t(std::lower_bound(spec.cumulative.begin(), spec.cumulative.end(), u) -
                        spec.cumulative.begin());
        values[i] = Value::choice(questions[i].options[std::min(k, spec.cumulative.size() - 1)].id);
        break;
      }
      case QuestionType::integer:
        values[i] = Value::of(std::floor(spec.lo + rng.uniform() * (spec.hi - spec.lo + 1)));
        values[i].number = std::min(values[i].number, spec.hi);
        break;
      case QuestionType::number:
        values[i] = Value::of(
            clamp(round1(spec.lo + rng.uniform() * (spec.hi - spec.lo)), spec.lo, spec.hi));
        break;
      case QuestionType::text:
        values[i] = Value::text_value("n/a");
        break;
    }
  }

  // 2. The questions of the low-back-pain intake whose answers depend on each other.
  const auto in_range = [&](std::size_t i, double x) {
    return clamp(x, specs_[i].lo, specs_[i].hi);
  };
  const auto is = [&](std::size_t i, std::string_view option) {
    return i != npos && values[i].kind == Value::Kind::choice && values[i].text == option;
  };
  const auto yes = [&](std::size_t i) {
    return i != npos && values[i].kind == Value::Kind::boolean && values[i].boolean;
  };
  double age = 45;
  if (age_ != npos) {  // adults consulting with back pain: mean 45, SD 16
    age = in_range(age_, std::round(45 + 16 * rng.normal()));
    age = std::max(age, 16.0);
    values[age_] = Value::of(age);
  }
  if (duration_ != npos) {  // log-normal, median 3 weeks; about 15% over 12 weeks
    values[duration_] =
        Value::of(in_range(duration_, round1(std::exp(std::log(3.0) + 1.3 * rng.normal()))));
  }
  if (severity_ != npos) {
    values[severity_] = Value::of(in_range(severity_, std::round(5.5 + 2.0 * rng.normal())));
  }
  if (age_at_onset_ != npos) {  // most first had back pain within the last decade or two
    const double years_before = std::floor(std::abs(10.0 * rng.normal()));
    values[age_at_onset_] = Value::of(in_range(age_at_onset_, std::max(age - years_before, 12.0)));
  }
  // Older patients are more often osteoporotic.
  if (osteoporosis_ != npos && age > 65) values[osteoporosis_] = Value::of(rng.bernoulli(0.15));
  // Follow-up questions a form only asks after a "yes" (skip logic): unanswered otherwise.
  if (below_knee_ != npos) {
    if (leg_pain_ != npos && !is(leg_pain_, "none")) {
      values[below_knee_] = Value::of(rng.bernoulli(0.55));
    } else {
      values[below_knee_] = {};
    }
  }
  if (bilateral_ != npos) {
    if (weakness_ != npos && !is(weakness_, "none")) {
      values[bilateral_] = Value::of(rng.bernoulli(is(weakness_, "stable") ? 0.10 : 0.35));
    } else {
      values[bilateral_] = {};
    }
  }
  if (cancer_type_ != npos) {
    values[cancer_type_] =
        yes(cancer_) ? Value::text_value(kCancerTypes[rng.next() % std::size(kCancerTypes)])
                     : Value{};
  }
  if (cancer_year_ != npos) {
    values[cancer_year_] =
        yes(cancer_) ? Value::of(in_range(cancer_year_, std::floor(2024 - rng.uniform() * 25)))
                     : Value{};
  }
  if (weight_loss_kg_ != npos) {
    values[weight_loss_kg_] =
        yes(weight_loss_)
            ? Value::of(in_range(weight_loss_kg_, round1(std::max(2.0, 6 + 3 * rng.normal()))))
            : Value{};
  }
  if (temperature_ != npos) {  // measured by 60% of those with fever, 5% of the others
    const bool febrile = yes(fever_);
    if (rng.bernoulli(febrile ? 0.6 : 0.05)) {
      const double t = febrile ? 38.3 + 0.6 * rng.normal() : 36.8 + 0.35 * rng.normal();
      values[temperature_] = Value::of(in_range(temperature_, round1(t)));
    } else {
      values[temperature_] = {};
    }
  }
  if (pregnant_ != npos && !(is(sex_, "female") && age < 50)) values[pregnant_] = {};
  if (!sbst_items_.empty()) {  // STarT Back items share a psychosocial trait
    const double trait = rng.normal();
    for (std::size_t k = 0; k < sbst_items_.size(); ++k) {
      const double shift = k >= 4 ? 1.4 : 0.8;  // items 5-8 are the psychosocial subscale
      values[sbst_items_[k]] =
          Value::of(rng.bernoulli(logistic(logit(sbst_base_[k]) + shift * trait)));
    }
    if (sbst9_ != npos && trait > 1.0 && rng.bernoulli(0.5)) {
      values[sbst9_] = Value::choice(questions[sbst9_].options.back().id);
    }
  }

  // 3. A few percent of questions the patient was asked are left unanswered.
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (!values[i].known()) continue;
    const double p = specs_[i].required ? options_.missing / 4 : options_.missing;
    if (rng.bernoulli(p)) values[i] = {};
  }
}

void ExportGenerator::write_header(ExportFormat format, std::string& out) const {
  if (format != ExportFormat::csv) return;
  out += "record_id";
  for (const Question& question : ruleset_.questions()) {
    out += ',';
    append_csv_field(out, question.id);
  }
  out += '\n';
}

void ExportGenerator::write_record(ExportFormat format, std::uint64_t index,
                                   std::span<const Value> values, std::string& out) const {
  const auto questions = ruleset_.questions();
  const auto integer = [&](std::size_t i) { return questions[i].type == QuestionType::integer; };
  switch (format) {
    case ExportFormat::csv: {
      append_number(out, double(index + 1), true);
      for (std::size_t i = 0; i < values.size(); ++i) {
        out += ',';
        const Value& v = values[i];
        switch (v.kind) {
          case Value::Kind::unknown:
            break;
          case Value::Kind::boolean:
            out += v.boolean ? "true" : "false";
            break;
          case Value::Kind::number:
            append_number(out, v.number, integer(i));
            break;
          case Value::Kind::choice:
          case Value::Kind::text:
            append_csv_field(out, v.text);
            break;
        }
      }
      out += '\n';
      break;
    }
    case ExportFormat::ndjson: {
      out += '{';
      bool first = true;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const Value& v = values[i];
        if (!v.known()) continue;
        if (!first) out += ',';
        first = false;
        io::append_string(out, questions[i].id);
        out += ':';
        switch (v.kind) {
          case Value::Kind::unknown:
            break;
          case Value::Kind::boolean:
            out += v.boolean ? "true" : "false";
            break;
          case Value::Kind::number:
            append_number(out, v.number, integer(i));
            break;
          case Value::Kind::choice:
          case Value::Kind::text:
            io::append_string(out, v.text);
            break;
        }
      }
      out += "}\n";
      break;
    }
    case ExportFormat::fhir: {
      out += R"({"resourceType":"QuestionnaireResponse","id":"r)";
      append_number(out, double(index + 1), true);
      out += R"(","questionnaire":"urn:redflag:)";
      out += ruleset_.id();
      out += '|';
      out += ruleset_.version();
      out += R"(","status":"completed","item":[)";
      bool first = true;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const Value& v = values[i];
        if (!v.known()) continue;
        if (!first) out += ',';
        first = false;
        out += R"({"linkId":)";
        io::append_string(out, questions[i].id);
        out += R"(,"answer":[{)";
        switch (v.kind) {
          case Value::Kind::unknown:
            break;
          case Value::Kind::boolean:
            out += v.boolean ? R"("valueBoolean":true)" : R"("valueBoolean":false)";
            break;
          case Value::Kind::number:
            out += integer(i) ? R"("valueInteger":)" : R"("valueDecimal":)";
            append_number(out, v.number, integer(i));
            break;
          case Value::Kind::choice:
            out += R"("valueCoding":{"code":)";
            io::append_string(out, v.text);
            out += '}';
            break;
          case Value::Kind::text:
            out += R"("valueString":)";
            io::append_string(out, v.text);
            break;
        }
        out += "}]}";
      }
      out += "]}\n";
      break;
    }
  }
}

}  // namespace bench
}  // namespace redflag
