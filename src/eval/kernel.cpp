// redflag: kernel shapes, the bundled kernels, and the generator of kernel sources.
#include "eval/kernel.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

namespace redflag {
inline namespace v1 {
namespace detail {

// The kernels in src/eval/kernels/ (one per bundled rule set).
extern const Kernel kernel_low_back_pain, kernel_start_back;

namespace {

constexpr const Kernel* bundled[] = {&kernel_low_back_pain, &kernel_start_back};

/// How an operator is written in a kernel: its function in interval.hpp.
struct Spelling {
  const char* function;
};

Spelling spelling(Op op) {
  switch (op) {
    case Op::and_:
    case Op::and2:
    case Op::min:
      return {"min"};
    case Op::or_:
    case Op::or2:
    case Op::max:
      return {"max"};
    case Op::add:
      return {"add"};
    case Op::not_:
      return {"op_not"};
    case Op::sub:
      return {"op_sub"};
    case Op::mul:
      return {"op_mul"};
    case Op::div:
      return {"op_div"};
    case Op::neg:
      return {"op_neg"};
    case Op::eq:
      return {"op_eq"};
    case Op::ne:
      return {"op_ne"};
    case Op::lt:
      return {"op_lt"};
    case Op::le:
      return {"op_le"};
    case Op::gt:
      return {"op_gt"};
    case Op::ge:
      return {"op_ge"};
    case Op::in:
      return {"op_in"};
    case Op::answered:
      return {"op_answered"};
  }
  return {""};
}

}  // namespace

std::vector<std::uint32_t> kernel_shape(const Program& p) {
  std::vector<std::uint32_t> shape{p.node_base, std::uint32_t(p.nodes.size())};
  for (const Node& n : p.nodes) {
    shape.insert(shape.end(), {std::uint32_t(n.op), std::uint32_t(n.mask),
                               std::uint32_t(n.mask >> 32), n.count});
    shape.insert(shape.end(), p.args.begin() + n.first, p.args.begin() + n.first + n.count);
  }
  shape.push_back(std::uint32_t(p.rules.size()));
  shape.insert(shape.end(), p.rule_condition.begin(), p.rule_condition.end());
  for (const QuestionType t : p.value_type)
    shape.push_back(std::uint32_t(t));
  return shape;
}

const Kernel* find_kernel(const Program& p) {
  const std::vector<std::uint32_t> shape = kernel_shape(p);
  for (const Kernel* k : bundled) {
    if (std::equal(shape.begin(), shape.end(), k->shape, k->shape + k->shape_size)) return k;
  }
  return nullptr;
}

namespace {

/// Generated C++ with indentation.
struct Code {
  std::string text;
  int depth = 2;
  /// Per question, how many places in the walk being generated report it: walk_function()
  /// counts them in a first pass (`counting`), so that a question reported at one place only is
  /// reported without the check for a second time (Walker::add_unique).
  std::vector<unsigned> reports;
  bool counting = false;
  void line(const std::string& s) { text += std::string(2 * depth, ' ') + s + "\n"; }
  void open(const std::string& s) { line(s), ++depth; }
  void close() { --depth, line("}"); }
};

std::string at(std::uint32_t x) {
  return "v[" + std::to_string(x) + "]";
}

/// `w.add<QuestionType::T>(q);  // question id` for the answer at value index x (with
/// `if_unanswered`: `w.add_if_unanswered(q);`), or add_unique where the walk reports q nowhere
/// else.
std::string report(const Program& p, std::uint32_t x, bool if_unanswered, Code& c) {
  const std::uint32_t q = x - p.answer_base;
  if (c.counting) ++c.reports[q];
  const bool unique = c.reports[q] == 1 && !c.counting;
  static constexpr const char* type[] = {"boolean", "choice", "integer", "number", "text"};
  const std::string add = if_unanswered
                              ? (unique ? "add_unique_if_unanswered" : "add_if_unanswered")
                              : std::string(unique ? "add_unique" : "add") +
                                    "<QuestionType::" + type[int(p.questions[q].type)] + ">";
  return "w." + add + "(" + std::to_string(q) + ");  // " + p.questions[q].id;
}

/// The operands of node n that are not constants (walks never go into constants).
std::vector<std::uint32_t> walked(const Program& p, const Node& n) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t k = 0; k < n.count; ++k)
    if (p.args[n.first + k] >= p.answer_base) out.push_back(p.args[n.first + k]);
  return out;
}

/// interpret_evidence() below value x, unrolled: each operand guarded by what the interpreter
/// would test before following it. `scoped`: the code goes into a block of its own.
void emit_evidence(const Program& p, std::uint32_t x, Code& c, bool scoped) {
  if (x < p.answer_base) return;
  if (x < p.node_base) return c.line(report(p, x, false, c));
  const Node& n = p.node_of(x);
  const std::string self = std::to_string(x);
  std::string guard;  // with C for the operand
  const auto open = [&](const std::string& declaration) {
    if (!scoped) c.open("{");
    c.line(declaration);
  };
  switch (n.op) {
    case Op::and_:
    case Op::and2:
      open("const bool all" + self + " = !is_false(" + at(x) + ");");
      guard = "all" + self + " || is_false(C)";
      break;
    case Op::or_:
    case Op::or2:
      open("const bool all" + self + " = !is_true(" + at(x) + ");");
      guard = "all" + self + " || is_true(C)";
      break;
    case Op::answered:
      open("const bool all" + self + " = !is_false(" + at(x) + ");");
      guard = "all" + self + " || !C.known()";
      break;
    case Op::add:
      if (p.is_count(n)) {
        std::string any;
        for (std::uint32_t k = 0; k < n.count; ++k)
          any += (k ? " || is_true(" : "is_true(") + at(p.args[n.first + k]) + ")";
        open("const bool any" + self + " = " + any + ";");
        guard = "any" + self + " ? is_true(C) : C.known()";
      }
      break;
    default:
      break;
  }
  for (const std::uint32_t a : walked(p, n)) {
    if (guard.empty()) {
      emit_evidence(p, a, c, false);
      continue;
    }
    std::string test = guard;
    for (std::size_t i; (i = test.find('C')) != std::string::npos;)
      test.replace(i, 1, at(a));
    if (a < p.node_base) {
      c.line("if (" + test + ") " + report(p, a, false, c));
    } else {
      c.open("if (" + test + ") {"), emit_evidence(p, a, c, true), c.close();
    }
  }
  if (!guard.empty() && !scoped) c.close();
}

enum class Want { truth, falsity, everything };

/// interpret_missing() below value x wanting `want` of it, unrolled.
void emit_missing(const Program& p, std::uint32_t x, Want want, Code& c) {
  if (x < p.answer_base) return;
  if (x < p.node_base) return c.line(report(p, x, true, c));
  const Node& n = p.node_of(x);
  if (want == Want::everything) {
    for (const std::uint32_t a : walked(p, n))
      emit_missing(p, a, want, c);
    return;
  }
  c.open(std::string(want == Want::truth ? "if (!is_true(" : "if (!is_false(") + at(x) + ")) {");
  for (const std::uint32_t a : walked(p, n)) {
    switch (n.op) {
      case Op::and_:
      case Op::and2:
      case Op::or_:
      case Op::or2:
        emit_missing(p, a, want, c);
        break;
      case Op::not_:
        emit_missing(p, a, want == Want::truth ? Want::falsity : Want::truth, c);
        break;
      case Op::answered:
        if (want != Want::truth) break;
        if (a < p.node_base) {
          c.line(report(p, a, true, c));
        } else {
          c.open("if (!" + at(a) + ".known()) {"), emit_missing(p, a, Want::everything, c);
          c.close();
        }
        break;
      default:
        emit_missing(p, a, Want::everything, c);
    }
  }
  c.close();
}

/// `void NAME(std::uint32_t rule, Walker& w)`: one case per rule, each emitted by `emit`.
template <typename Emit>
std::string walk_function(const Program& p, const char* name, Emit&& emit) {
  Code c;
  for (std::size_t r = 0; r < p.rules.size(); ++r) {
    c.open("case " + std::to_string(r) + ": {  // rule " + p.rules[r].id);
    // A first pass, into a scratch Code, only counts where each question is reported.
    Code count;
    count.reports.assign(p.questions.size(), 0), count.counting = true;
    emit(p.rule_condition[r], count);
    c.reports = std::move(count.reports);
    emit(p.rule_condition[r], c);
    c.line("return;");
    c.close();
  }
  return std::string("void ") + name +
         "(std::uint32_t rule, Walker& w) {\n"
         "  [[maybe_unused]] const Interval* v = w.v;\n"
         "  switch (rule) {\n" +
         c.text + "  }\n}\n\n";
}

}  // namespace

std::string generate_kernel(const Program& p, std::string_view name) {
  std::string symbol = "kernel_";
  for (const char c : name)
    symbol += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';

  std::string out;
  out += "// The kernel of rule set " + p.id + " " + p.version +
         ": its node pass as straight-line code\n"
         "// (see src/eval/kernel.hpp). Generated by redflag_kernelgen; do not edit. Regenerate "
         "with\n// `cmake --build BUILD --target redflag_kernels`.\n"
         "// clang-format off\n"
         "#include <iterator>\n\n"
         "#include \"eval/interval.hpp\"\n"
         "#include \"eval/kernel.hpp\"\n"
         "#include \"eval/walk.hpp\"\n\n"
         "namespace redflag {\ninline namespace v1 {\nnamespace detail {\nnamespace {\n\n"
         "using namespace interval;\n\n"
         "// node_base, node count, then per node: operator, mask (2 words), operand count, "
         "operands;\n// the rule count, each rule's condition; the type of every value.\n"
         "constexpr std::uint32_t shape[] = {\n";
  const std::vector<std::uint32_t> shape = kernel_shape(p);
  out += "  " + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ",\n";
  // One line per node, then the rules and the types, 24 to a line.
  std::size_t i = 2;
  const auto line = [&](std::size_t end) {
    out += " ";
    for (; i < end; ++i)
      out += " " + std::to_string(shape[i]) + ",";
    out += "\n";
  };
  for (std::uint32_t node = 0; node < shape[1]; ++node)
    line(i + 4 + shape[i + 3]);
  while (i < shape.size())
    line(std::min(shape.size(), i + 24));
  out += "};\n\nREDFLAG_KERNEL_CLONES void run(Interval* v) {\n";
  // What a node is, for a reader: the `let` or rule it computes.
  std::vector<std::string> names(p.value_count());
  for (std::size_t d = 0; d < p.derived.size(); ++d)
    names[p.derived_value[d]] +=
        (names[p.derived_value[d]].empty() ? " let " : ", let ") + p.derived[d].id;
  for (std::size_t r = 0; r < p.rules.size(); ++r)
    names[p.rule_condition[r]] +=
        (names[p.rule_condition[r]].empty() ? " rule " : ", rule ") + p.rules[r].id;
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const Node& n = p.nodes[i];
    const std::uint32_t out_value = p.node_base + std::uint32_t(i);
    std::vector<std::string> operands;
    for (std::uint32_t k = 0; k < n.count; ++k) {
      const std::uint32_t a = p.args[n.first + k];
      operands.push_back(n.op == Op::answered ? "v[" + std::to_string(a) + "].known()"
                                              : "load(v[" + std::to_string(a) + "])");
    }
    if (n.op == Op::in) operands.push_back(std::to_string(n.mask) + "u");
    if (n.op == Op::answered) {  // one argument: whether all are known
      std::string all;
      for (const auto& o : operands)
        all += (all.empty() ? "" : " && ") + o;
      operands = {all};
    }
    if (!names[out_value].empty()) out += "  //" + names[out_value] + "\n";
    // One line when it fits in 100 columns, else one operand per line.
    std::string line =
        "  store(v[" + std::to_string(out_value) + "], " + spelling(n.op).function + "(";
    std::string joined;
    for (const auto& o : operands)
      joined += (joined.empty() ? "" : ", ") + o;
    if (line.size() + joined.size() + 3 <= 100) {
      out += line + joined + "));\n";
    } else {  // continuation lines filled to 100 columns
      out += line + "\n     ";
      std::size_t column = 5;
      for (std::size_t k = 0; k < operands.size(); ++k) {
        const std::string item = operands[k] + (k + 1 < operands.size() ? "," : "));");
        if (column + 1 + item.size() > 100) out += "\n     ", column = 5;
        out += " " + item;
        column += 1 + item.size();
      }
      out += "\n";
    }
  }
  out += "}\n\n";
  out += "REDFLAG_KERNEL_CLONES void rules(const Interval* v, std::uint64_t* state) {\n";
  for (std::size_t k = 0; k < (p.rules.size() + 31) / 32; ++k) {
    out += "  std::uint64_t s" + std::to_string(k) + " = 0;\n";
    for (std::size_t r = 32 * k; r < std::min(p.rules.size(), 32 * k + 32); ++r)
      out += "  s" + std::to_string(k) + " |= std::uint64_t(truth_bits(" + at(p.rule_condition[r]) +
             ")) << " + std::to_string(2 * (r % 32)) + ";  // rule " + p.rules[r].id + "\n";
    out += "  state[" + std::to_string(k) + "] = s" + std::to_string(k) + ";\n";
  }
  out += "}\n\n";
  out +=
      walk_function(p, "evidence", [&](std::uint32_t x, Code& c) { emit_evidence(p, x, c, true); });
  out += walk_function(p, "missing",
                       [&](std::uint32_t x, Code& c) { emit_missing(p, x, Want::truth, c); });
  out += "}  // namespace\n\n";
  out += "extern const Kernel " + symbol + ";\n";
  out += "const Kernel " + symbol + " = {\"" + p.id +
         "\", shape, std::size(shape), run, rules, evidence, missing};\n\n";
  out += "}  // namespace detail\n}  // namespace v1\n}  // namespace redflag\n";
  return out;
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
