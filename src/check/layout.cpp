// redflag checker: the program's value layout. While lowering, constants, answers and nodes are
// numbered apart (RefKind); finalize() renumbers them into one array, constants first, then
// answers, then nodes (see eval/program.hpp), with each value's initial interval and type.
#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

void Checker::finalize() {
  Program& p = *program_;
  p.constant_count = std::uint32_t(constants_.size());
  p.answer_base = p.constant_count;
  p.node_base = p.answer_base + std::uint32_t(p.questions.size());
  auto index = [&](std::uint32_t ref) {
    const std::uint32_t i = ref & ref_mask;
    switch (RefKind(ref & ~ref_mask)) {
      case RefKind::constant:
        return i;
      case RefKind::answer:
        return p.answer_base + i;
      case RefKind::node:
        return p.node_base + i;
    }
    return i;
  };
  for (auto& a : p.args)
    a = index(a);
  for (auto& n : p.nodes) {
    n.a = n.count > 0 ? p.args[n.first] : 0;
    n.b = n.count > 1 ? p.args[n.first + 1] : 0;
    if (n.count == 2 && n.op == Op::and_) n.op = Op::and2;
    if (n.count == 2 && n.op == Op::or_) n.op = Op::or2;
  }
  for (auto& v : p.derived_value)
    v = index(v);
  for (const auto ref : param_ref_)
    p.parameter_value.push_back(index(ref));
  for (auto& v : p.rule_condition)
    v = index(v);

  const std::size_t n = p.value_count();
  p.initial.assign(n, Interval{});
  p.value_type.assign(n, QuestionType::number);
  p.choice_domain.assign(n, nullptr);
  for (std::uint32_t i = 0; i < p.constant_count; ++i) {
    p.initial[i] = {constants_[i], constants_[i]};
    p.value_type[i] = constant_type_[i];
    p.choice_domain[i] = constant_domain_[i];
  }
  for (std::size_t q = 0; q < p.questions.size(); ++q) {
    const std::size_t v = p.answer_base + q;
    const QuestionType t = p.questions[q].type;
    const bool logical = t == QuestionType::boolean || t == QuestionType::text;
    p.initial[v] = logical ? Interval{0, 1} : Interval{-inf, inf};
    p.value_type[v] = t;
    p.choice_domain[v] = t == QuestionType::choice ? &p.questions[q] : nullptr;
  }
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    p.value_type[p.node_base + i] = node_type_[i];
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
