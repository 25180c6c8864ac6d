// redflag benchmarks: a generator of realistic synthetic questionnaire exports.
//
// The questions (ids, types, ranges, options, required) come from the loaded rule set itself
// (Ruleset::questions()), so the generator never drifts from the rules. Questions it knows by id
// (those of rules/low_back_pain.rf and rules/start_back.rf) get clinically plausible answer
// distributions (each red flag of docs/clinical-basis.md a few percent or less, the common
// non-specific features excepted: see gen_export.cpp); any other question gets a generic one.
//
// Record `i` depends only on (seed, i): generation is deterministic, and the same record comes out
// the same in every format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redflag/redflag.hpp"

namespace redflag {
namespace bench {

struct GenOptions {
  std::uint64_t seed = 1;
  /// Probability that an optional question a patient would be asked is left unanswered. Required
  /// questions are left unanswered at a quarter of this rate (forms usually insist on them).
  double missing = 0.03;
};

enum class ExportFormat {
  csv,     ///< header `record_id,<question ids>`; booleans true/false; blank = unanswered
  ndjson,  ///< one answers object per line (`Answers::from_json`); unanswered = key absent
  fhir,    ///< one FHIR R4 QuestionnaireResponse per line; unanswered = no item
};

/// Parses "csv", "ndjson" or "fhir"; false for anything else.
bool parse_format(std::string_view text, ExportFormat& format) noexcept;

class ExportGenerator {
 public:
  explicit ExportGenerator(const Ruleset& ruleset, GenOptions options = {});

  /// The answers of record `index` (0-based), one Value per Ruleset::questions() entry; unknown
  /// means unanswered. Text and choice values view storage that lives as long as the generator.
  void generate(std::uint64_t index, std::vector<Value>& values) const;

  /// The CSV header line (with its newline); nothing for the other formats.
  void write_header(ExportFormat format, std::string& out) const;
  /// Appends one record (with its newline). `index` is 0-based; the record id is index + 1.
  void write_record(ExportFormat format, std::uint64_t index, std::span<const Value> values,
                    std::string& out) const;

  const Ruleset& ruleset() const noexcept { return ruleset_; }

 private:
  // How one question is answered when nothing more specific applies.
  struct Spec {
    QuestionType type = QuestionType::boolean;
    bool required = false;
    double p_true = 0.05;            // boolean
    std::vector<double> cumulative;  // choice: cumulative option weights, last = 1
    double lo = 0, hi = 100;         // integer and number
  };
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t q(std::string_view id) const noexcept;  // question index, or npos

  Ruleset ruleset_;
  GenOptions options_;
  std::vector<Spec> specs_;  // per question
  // Indices (npos when the rule set has no such question) of the questions whose answers
  // depend on other answers or on a shared latent trait.
  std::size_t age_, sex_, duration_, onset_, severity_, leg_pain_, below_knee_, weakness_,
      bilateral_, cancer_, cancer_type_, cancer_year_, weight_loss_, weight_loss_kg_, fever_,
      temperature_, osteoporosis_, steroids_, age_at_onset_, pregnant_, sbst9_;
  std::vector<std::size_t> sbst_items_;  // sbst_1..sbst_8 (psychosocial latent trait)
  std::vector<double> sbst_base_;        // their base agreement rates
};

}  // namespace bench
}  // namespace redflag
