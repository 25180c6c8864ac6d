// redflag: the Result handle: its accessors and its JSON form (the shape documented in
// docs/result-json.md). The parts of the JSON that depend only on the rule set (ids, titles,
// rationale, sources) were escaped once at load.
#include "redflag/result.hpp"

#include <thread>

#include "eval/program.hpp"
#include "eval/walk.hpp"
#include "io/json_writer.hpp"
#include "result_impl.hpp"

namespace redflag {
inline namespace v1 {

namespace {

std::string describe(std::span<const AnswerError> errors) {
  if (errors.empty()) return "the result holds no evaluation";
  std::string s = "the answers have errors, so there is no level:";
  for (const auto& e : errors)
    s.append(" ")
        .append(e.question.empty() ? e.code : e.question)
        .append(": ")
        .append(e.message)
        .append(";");
  s.pop_back();
  return s;
}

}  // namespace

ResultError::ResultError(std::vector<AnswerError> errors)
    : std::logic_error(describe(errors)), errors_(std::move(errors)) {}

// ---- Result::Impl ----------------------------------------------------------------------------

void Result::Impl::bind(const Ruleset& rules) {
  // Sized once per rule set, with the constants copied. The walks report at most walk_capacity
  // questions, so evidence and missing never grow and the spans into them stay valid; no list
  // of rules grows either.
  const detail::Program& p = rules.impl();
  ruleset.emplace(rules);
  trace.assign(p.initial.begin(), p.initial.end());
  text.assign(p.questions.size(), std::string());
  stamp.assign(p.questions.size(), 0);
  stack.assign(p.args.size() + 1, 0);
  rule_state.assign((p.rules.size() + 31) / 32, 0);
  evidence.assign(p.walk_capacity, {});
  missing.assign(p.walk_capacity, {});
  fired.reserve(p.rules.size());
  unresolved.reserve(p.rules.size());
  not_fired.reserve(p.rules.size());
  walk = 0;
}

Result::Impl::Impl(const Impl& other)
    : ruleset(other.ruleset),
      level(other.level),
      explained(other.explained),
      trace(other.trace),
      text(other.text),
      fired(other.fired),
      unresolved(other.unresolved),
      not_fired(other.not_fired),
      errors(other.errors),
      evidence(other.evidence),
      missing(other.missing),
      stack(other.stack),
      stamp(other.stamp),
      rule_state(other.rule_state),
      walk(other.walk) {
  // The spans point at the same places in this copy's own evidence and missing, and text
  // evidence into its own copy of the answers. The derived values are recomputed on demand.
  const auto rebase = [](auto span, const auto& from, const auto& to) {
    return decltype(span)(to.data() + (span.data() - from.data()), span.size());
  };
  for (auto& f : fired)
    f.answers = rebase(f.answers, other.evidence, evidence);
  for (auto& f : not_fired)
    f.answers = rebase(f.answers, other.evidence, evidence);
  for (auto& u : unresolved)
    u.missing = rebase(u.missing, other.missing, missing);
  for (Evidence& e : evidence) {
    if (e.value.kind == Value::Kind::text)
      e.value.text = text[ruleset->impl().question_index.find(e.question)->second];
  }
}

// ---- Result ----------------------------------------------------------------------------------

Result::Result() noexcept = default;
Result::Result(const Result& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr) {}
Result& Result::operator=(const Result& other) {
  if (this != &other) impl_ = other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr;
  return *this;
}
Result::Result(Result&& other) noexcept = default;
Result& Result::operator=(Result&& other) noexcept = default;
Result::~Result() = default;

Result::Impl& Result::impl() {
  if (!impl_) impl_ = std::make_unique<Impl>();
  return *impl_;
}

bool Result::ok() const noexcept {
  return impl_ && impl_->ruleset && impl_->errors.empty();
}

const Level& Result::level() const {
  if (!ok()) throw ResultError(impl_ ? impl_->errors : std::vector<AnswerError>{});
  return impl_->ruleset->levels()[impl_->level];
}

bool Result::complete() const noexcept {
  return ok() && impl_->unresolved.empty();
}

std::span<const AdviceItem* const> Result::advice_items() const noexcept {
  if (!ok()) return {};
  return impl_->ruleset->advice_items(impl_->level);
}

std::span<const FiredRule> Result::fired() const noexcept {
  return impl_ ? std::span<const FiredRule>(impl_->fired) : std::span<const FiredRule>();
}

std::span<const UnresolvedRule> Result::unresolved() const noexcept {
  return impl_ ? std::span<const UnresolvedRule>(impl_->unresolved)
               : std::span<const UnresolvedRule>();
}

std::span<const NotFiredRule> Result::not_fired() const noexcept {
  return impl_ ? std::span<const NotFiredRule>(impl_->not_fired) : std::span<const NotFiredRule>();
}

std::span<const AnswerError> Result::errors() const noexcept {
  return impl_ ? std::span<const AnswerError>(impl_->errors) : std::span<const AnswerError>();
}

const Ruleset* Result::ruleset() const noexcept {
  return impl_ && impl_->ruleset ? &*impl_->ruleset : nullptr;
}

std::span<const NamedValue> Result::values() const {
  if (!impl_ || !impl_->ruleset) return {};
  Impl& r = *impl_;
  if (r.values_state.load(std::memory_order_acquire) != 2) {
    std::uint8_t expected = 0;
    if (r.values_state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      const detail::Program& p = r.ruleset->impl();
      r.values.resize(p.derived.size());
      for (std::size_t d = 0; d < r.values.size(); ++d)
        r.values[d] = {p.derived[d].id,
                       detail::value_at(p, p.derived_value[d], r.trace.data(), r.text.data())};
      r.values_state.store(2, std::memory_order_release);
    } else {
      while (r.values_state.load(std::memory_order_acquire) != 2)
        std::this_thread::yield();
    }
  }
  return r.values;
}

std::string Result::to_json() const {
  std::string out;
  write_json(out);
  return out;
}

void Result::write_json(std::string& out) const {
  using namespace std::string_view_literals;  // literals without strlen
  io::JsonOut o(out);
  // Writes the i-th of a list of identifiers (question ids, names: nothing to escape), quoted.
  const auto write_id = [](char* w, std::size_t i, std::string_view id) {
    if (i) *w++ = ',';
    *w++ = '"';
    w = io::write_raw(w, id);
    *w++ = '"';
    return w;
  };
  const auto quoted = [&](std::size_t i, std::string_view id) {
    o.advance(write_id(o.room(id.size() + 3), i, id));
  };
  // The i-th member "k":v of an object (keys are identifiers).
  const auto member = [&](std::size_t i, std::string_view k, const Value& v) {
    char* w = write_id(o.room(k.size() + 4 + io::value_room(v)), i, k);
    *w++ = ':';
    o.advance(io::write_value(w, v));
  };
  const auto answers = [&](std::span<const Evidence> evidence) {
    o.raw("\"answers\":{"sv);
    for (std::size_t i = 0; i < evidence.size(); ++i)
      member(i, evidence[i].question, evidence[i].value);
    o.raw("}}"sv);
  };
  if (!ruleset()) {
    o.raw(
        R"({"ruleset":{"id":"","version":"","content_hash":""},"level":null,"advice":null,"indicator":null,)"
        R"("advice_items":[],)"
        R"("complete":false,"fired":[],"unresolved":[],"values":{},"errors":[]})"sv);
    return;
  }
  const Impl& r = *impl_;
  const detail::Program& p = r.ruleset->impl();
  const auto index = [&](const Rule* r) { return std::size_t(r - p.rules.data()); };
  const auto comma = [&](std::size_t i) {
    if (i) o.raw(',');
  };

  o.raw('{');
  o.raw(p.ruleset_json);
  o.raw(',');
  o.raw(ok() ? std::string_view(p.level_json[r.level])
             : R"("level":null,"advice":null,"indicator":null,"advice_items":[])"sv);
  o.raw(complete() ? ",\"complete\":true,\"fired\":["sv : ",\"complete\":false,\"fired\":["sv);
  for (std::size_t i = 0; i < r.fired.size(); ++i) {
    comma(i);
    o.raw(p.rule_json[index(r.fired[i].rule)]);
    answers(r.fired[i].answers);
  }
  o.raw("],\"unresolved\":["sv);
  for (std::size_t i = 0; i < r.unresolved.size(); ++i) {
    comma(i);
    o.raw(p.rule_short_json[index(r.unresolved[i].rule)]);
    o.raw("\"missing\":["sv);
    for (std::size_t k = 0; k < r.unresolved[i].missing.size(); ++k)
      quoted(k, r.unresolved[i].missing[k]);
    o.raw("]}"sv);
  }
  o.raw(']');
  if (r.explained) {
    o.raw(",\"not_fired\":["sv);
    for (std::size_t i = 0; i < r.not_fired.size(); ++i) {
      comma(i);
      o.raw(p.rule_short_json[index(r.not_fired[i].rule)]);
      answers(r.not_fired[i].answers);
    }
    o.raw(']');
  }
  o.raw(",\"values\":{"sv);
  const auto values = this->values();
  for (std::size_t i = 0; i < values.size(); ++i)
    member(i, values[i].name, values[i].value);
  o.raw("},\"errors\":["sv);
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    o.raw(i ? ",{\"question\":"sv : "{\"question\":"sv);
    o.string(r.errors[i].question);
    o.raw(",\"code\":"sv);
    o.string(r.errors[i].code);
    o.raw(",\"message\":"sv);
    o.string(r.errors[i].message);
    o.raw('}');
  }
  o.raw("]}"sv);
}

}  // namespace v1
}  // namespace redflag
