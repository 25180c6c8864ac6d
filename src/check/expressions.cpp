// redflag checker: lowering expressions to nodes, with their static types. An expression
// written twice is lowered to the same node; equal constants share one slot.
#include <algorithm>
#include <cstdio>

#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

namespace x3 = boost::spirit::x3;

Typed invalid() {
  Typed t;
  t.valid = false;
  return t;
}

const char* operand_pos(const ast::Operand& o) {
  struct {
    const char* operator()(const ast::Nil&) const { return nullptr; }
    const char* operator()(const ast::Number& n) const { return n.pos; }
    const char* operator()(const ast::Boolean& b) const { return b.pos; }
    const char* operator()(const ast::Name& n) const { return n.pos; }
    const char* operator()(const x3::forward_ast<ast::Unary>& u) const { return u.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Call>& c) const { return c.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Set>& s) const { return s.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Expression>& e) const { return e.get().pos; }
  } visitor;
  return boost::apply_visitor(visitor, o);
}

/// The name an operand consists of, seeing through the single-operand expressions that each
/// precedence level of the grammar wraps around it; nullptr when it is anything else.
const ast::Name* bare_name(const ast::Operand& o) {
  if (auto* n = boost::get<ast::Name>(&o)) return n;
  if (auto* e = boost::get<x3::forward_ast<ast::Expression>>(&o)) {
    if (e->get().rest.empty()) return bare_name(e->get().first);
  }
  return nullptr;
}

const ast::Name* bare_name(const ast::Expression& e) {
  return e.rest.empty() ? bare_name(e.first) : nullptr;
}

const char* op_text(ast::Op op) {
  switch (op) {
    case ast::Op::or_:
      return "`or`";
    case ast::Op::and_:
      return "`and`";
    case ast::Op::not_:
      return "`not`";
    case ast::Op::eq:
      return "`==`";
    case ast::Op::ne:
      return "`!=`";
    case ast::Op::lt:
      return "`<`";
    case ast::Op::le:
      return "`<=`";
    case ast::Op::gt:
      return "`>`";
    case ast::Op::ge:
      return "`>=`";
    case ast::Op::in:
      return "`in`";
    case ast::Op::add:
      return "`+`";
    case ast::Op::sub:
      return "`-`";
    case ast::Op::mul:
      return "`*`";
    case ast::Op::div:
      return "`/`";
    case ast::Op::neg:
      return "unary `-`";
  }
  return "?";
}

}  // namespace

Typed Checker::constant(double value, QuestionType type, const Question* domain, bool shared) {
  const auto slot = std::uint32_t(constants_.size());
  std::uint32_t index = slot;
  if (shared) {
    const int key = int(type) * 1000003 + (domain ? int(domain - program_->questions.data()) : -1);
    index = constant_index_.emplace(std::pair{key, value}, slot).first->second;
  }
  if (index == slot) {
    constants_.push_back(value);
    constant_type_.push_back(type);
    constant_domain_.push_back(domain);
  }
  Typed t;
  t.ref = make_ref(RefKind::constant, index);
  t.type = type;
  t.domain = domain;
  return t;
}

Typed Checker::node(Op op, const std::vector<std::uint32_t>& operands, QuestionType type,
                    std::uint64_t mask) {
  Program& p = *program_;
  Typed t;
  t.type = type;
  auto [it, inserted] =
      node_index_.emplace(std::tuple{op, mask, operands}, std::uint32_t(p.nodes.size()));
  t.ref = make_ref(RefKind::node, it->second);
  if (!inserted) return t;
  Node n;
  n.op = op;
  n.first = std::uint32_t(p.args.size());
  n.count = std::uint32_t(operands.size());
  n.mask = mask;
  p.args.insert(p.args.end(), operands.begin(), operands.end());
  p.nodes.push_back(n);
  node_type_.push_back(type);
  node_domain_.push_back(nullptr);
  return t;
}

bool Checker::expect_type(const Typed& t, QuestionType want, const char* pos,
                          std::string_view what) {
  if (!t.valid) return false;
  if (t.type == want) return true;
  error(pos, "type-mismatch",
        std::string(what) + " needs " + describe(want) + ", not " + describe(t.type));
  return false;
}

bool Checker::expect_numeric(const Typed& t, const char* pos, std::string_view what) {
  if (!t.valid) return false;
  if (numeric(t.type)) return true;
  error(pos, "type-mismatch", std::string(what) + " needs a number, not " + describe(t.type));
  return false;
}

Typed Checker::lower(const ast::Expression& e) {
  if (e.rest.empty()) return lower(e.first);
  const ast::Op group = e.rest.front().op;

  if (group == ast::Op::or_ || group == ast::Op::and_) {
    std::vector<std::uint32_t> operands;
    bool ok = true;
    auto add = [&](const ast::Operand& o) {
      Typed t = lower(o);
      ok = expect_type(t, QuestionType::boolean, operand_pos(o), op_text(group)) && ok;
      operands.push_back(t.ref);
    };
    add(e.first);
    for (const auto& r : e.rest)
      add(r.operand);
    if (!ok) return invalid();
    return node(group == ast::Op::or_ ? Op::or_ : Op::and_, operands, QuestionType::boolean);
  }

  switch (group) {
    case ast::Op::eq:
    case ast::Op::ne:
    case ast::Op::lt:
    case ast::Op::le:
    case ast::Op::gt:
    case ast::Op::ge:
    case ast::Op::in:
      return lower_comparison(e);  // the grammar allows one comparison per level
    default:
      break;
  }
  // + - * /: left-associative binary nodes.
  Typed left = lower(e.first);
  bool ok = left.valid;
  for (const auto& r : e.rest) {
    Typed right = lower(r.operand);
    ok = expect_numeric(left, operand_pos(e.first), op_text(r.op)) &&
         expect_numeric(right, operand_pos(r.operand), op_text(r.op)) && ok;
    if (!ok) continue;
    const Op op = r.op == ast::Op::add   ? Op::add
                  : r.op == ast::Op::sub ? Op::sub
                  : r.op == ast::Op::mul ? Op::mul
                                         : Op::div;
    left = node(op, {left.ref, right.ref}, QuestionType::number);
  }
  return ok ? left : invalid();
}

Typed Checker::resolve_option(const ast::Name& name, const Question& domain) {
  for (std::size_t i = 0; i < domain.options.size(); ++i) {
    if (domain.options[i].id == name) return constant(double(i), QuestionType::choice, &domain);
  }
  std::vector<std::string> ids;
  for (const auto& o : domain.options)
    ids.push_back(o.id);
  error(name.pos, "unknown-option",
        "'" + domain.id + "' has no option '" + name + "'" + suggest(name, ids) + "; options are " +
            join(domain.options));
  return invalid();
}

Typed Checker::lower_comparison(const ast::Expression& e) {
  const ast::Operation& op = e.rest.front();
  const char* pos = op.pos;
  if (op.op == ast::Op::in) {
    const Typed left = lower(e.first);
    if (!left.valid) return invalid();
    if (left.type != QuestionType::choice || !left.domain) {
      error(pos, "type-mismatch",
            "`in {...}` needs a choice on its left, not " + describe(left.type));
      return invalid();
    }
    const auto& set = boost::get<x3::forward_ast<ast::Set>>(op.operand).get();
    std::uint64_t mask = 0;
    bool ok = true;
    for (const auto& item : set) {
      Typed o = resolve_option(item, *left.domain);
      if (!o.valid) {
        ok = false;
        continue;
      }
      mask |= std::uint64_t(1) << std::size_t(constants_[o.ref & ref_mask]);
    }
    if (!ok) return invalid();
    return node(Op::in, {left.ref}, QuestionType::boolean, mask);
  }

  // A bare name compared with a choice is first looked up among that choice's options:
  // `leg_pain == both_legs` and `both_legs == leg_pain` both work.
  const ast::Name* left_name = bare_name(e.first);
  const ast::Name* right_name = bare_name(op.operand);
  auto is_value = [&](const ast::Name* n) { return n && values_.count(std::string_view(*n)); };
  auto option_side = [&](const ast::Name* n, const Typed& other) {
    if (!n || !other.valid || other.type != QuestionType::choice || !other.domain) return false;
    for (const auto& o : other.domain->options)
      if (o.id == *n) return true;
    return !is_value(n);
  };
  Typed left, right;
  if (left_name && !is_value(left_name) && !(right_name && !is_value(right_name))) {
    right = lower(op.operand);
    left =
        option_side(left_name, right) ? resolve_option(*left_name, *right.domain) : lower(e.first);
  } else {
    left = lower(e.first);
    right = option_side(right_name, left) ? resolve_option(*right_name, *left.domain)
                                          : lower(op.operand);
  }
  if (!left.valid || !right.valid) return invalid();

  const Op code = op.op == ast::Op::eq   ? Op::eq
                  : op.op == ast::Op::ne ? Op::ne
                  : op.op == ast::Op::lt ? Op::lt
                  : op.op == ast::Op::le ? Op::le
                  : op.op == ast::Op::gt ? Op::gt
                                         : Op::ge;
  const bool equality = code == Op::eq || code == Op::ne;
  bool ok = false;
  if (numeric(left.type) && numeric(right.type)) {
    ok = true;
  } else if (equality && left.type == right.type && left.type == QuestionType::boolean) {
    ok = true;
  } else if (equality && left.type == QuestionType::choice && right.type == QuestionType::choice) {
    ok = left.domain && right.domain &&
         (left.domain == right.domain ||
          (left.domain->options.size() == right.domain->options.size() &&
           std::equal(left.domain->options.begin(), left.domain->options.end(),
                      right.domain->options.begin(),
                      [](const Option& a, const Option& b) { return a.id == b.id; })));
    if (!ok) {
      error(pos, "type-mismatch",
            "cannot compare choices with different options ('" +
                (left.domain ? left.domain->id : std::string("?")) + "' and '" +
                (right.domain ? right.domain->id : std::string("?")) + "')");
      return invalid();
    }
  }
  if (!ok) {
    error(pos, "type-mismatch",
          std::string("cannot apply ") + op_text(op.op) + " to " + describe(left.type) + " and " +
              describe(right.type));
    return invalid();
  }
  if (numeric(left.type)) warn_threshold_out_of_range(left, right, pos);
  return node(code, {left.ref, right.ref}, QuestionType::boolean);
}

void Checker::warn_threshold_out_of_range(const Typed& left, const Typed& right, const char* pos) {
  const auto kind = [](const Typed& t) { return RefKind(t.ref & ~ref_mask); };
  const Typed* answer = kind(left) == RefKind::answer ? &left : &right;
  const Typed* threshold = answer == &left ? &right : &left;
  if (kind(*answer) != RefKind::answer || kind(*threshold) != RefKind::constant) return;
  const Question& q = program_->questions[answer->ref & ref_mask];
  const double c = constants_[threshold->ref & ref_mask];
  if (!q.min || !q.max || (c >= *q.min && c <= *q.max)) return;
  char text[96];
  std::snprintf(text, sizeof text, "%g, outside its declared range %g..%g", c, *q.min, *q.max);
  warning(pos, "threshold-out-of-range",
          "'" + q.id + "' is compared with " + text +
              ": the comparison comes out the same for every answer the question accepts");
}

Typed Checker::lower(const ast::Operand& o) {
  if (auto* n = boost::get<ast::Number>(&o)) return constant(n->value, QuestionType::number);
  if (auto* b = boost::get<ast::Boolean>(&o)) {
    return constant(b->value ? 1 : 0, QuestionType::boolean);
  }
  if (auto* name = boost::get<ast::Name>(&o)) {
    Typed t = lower_name(*name);
    if (t.valid && t.type == QuestionType::text) {
      error(name->pos, "type-mismatch",
            "'" + *name + "' is a text question; only answered(" + *name + ") can read it");
      return invalid();
    }
    return t;
  }
  if (auto* u = boost::get<x3::forward_ast<ast::Unary>>(&o)) {
    const ast::Unary& unary = u->get();
    Typed t = lower(unary.operand);
    if (unary.op == ast::Op::not_) {
      if (!expect_type(t, QuestionType::boolean, unary.pos, "`not`")) return invalid();
      return node(Op::not_, {t.ref}, QuestionType::boolean);
    }
    if (!expect_numeric(t, unary.pos, "unary `-`")) return invalid();
    return node(Op::neg, {t.ref}, QuestionType::number);
  }
  if (auto* c = boost::get<x3::forward_ast<ast::Call>>(&o)) return lower_call(c->get());
  if (auto* e = boost::get<x3::forward_ast<ast::Expression>>(&o)) return lower(e->get());
  if (auto* s = boost::get<x3::forward_ast<ast::Set>>(&o)) {
    error(s->get().pos, "syntax", "a set {...} can only follow `in`");
    return invalid();
  }
  return invalid();
}

Typed Checker::lower_name(const ast::Name& name) {
  Program& p = *program_;
  auto it = values_.find(std::string_view(name));
  if (it == values_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : values_)
      names.push_back(n);
    // A bare option id outside a comparison is a common slip: say how to write it.
    std::string hint;
    for (const auto& q : p.questions) {
      for (const auto& opt : q.options) {
        if (opt.id == name && hint.empty()) {
          hint = " ('" + name + "' is an option of '" + q.id + "': write " + q.id + " == " + name +
                 ")";
        }
      }
    }
    if (hint.empty()) hint = suggest(name, names);
    if (!broken(name, {"question", "param", "let"}))
      error(name.pos, "unknown-name", "unknown name '" + name + "'" + hint);
    return invalid();
  }
  const ValueDecl& d = it->second;
  switch (d.kind) {
    case ValueDecl::Kind::question: {
      const Question& q = p.questions[d.index];
      Typed t;
      t.ref = make_ref(RefKind::answer, d.index);
      t.type = q.type;
      t.domain = q.type == QuestionType::choice ? &q : nullptr;
      return t;
    }
    case ValueDecl::Kind::parameter: {
      Typed t;
      t.ref = param_ref_[d.index];
      t.type = QuestionType::number;
      return t;
    }
    case ValueDecl::Kind::derived:
      return lower_let(d.index);
  }
  return invalid();
}

Typed Checker::lower_let(std::size_t index) {
  LetInfo& let = lets_[index];
  if (let.state == LetInfo::State::done) return let.value;
  if (let.state == LetInfo::State::visiting) {
    error(let.decl->id.pos, "circular-let",
          "'" + let.decl->id + "' is defined in terms of itself (through other `let`s)");
    let.state = LetInfo::State::done;
    let.value = invalid();
    return let.value;
  }
  let.state = LetInfo::State::visiting;
  Typed value = lower(let.decl->value);
  if (let.state == LetInfo::State::done) return let.value;  // a cycle was reported
  if (value.valid && value.type == QuestionType::text) {
    error(let.decl->value.pos, "type-mismatch", "a derived value cannot be text");
    value = invalid();
  }
  let.value = value;
  let.state = LetInfo::State::done;
  if (value.valid) {
    Derived& d = program_->derived[index];
    d.id = let.decl->id;
    d.type = value.type == QuestionType::integer ? QuestionType::number : value.type;
    d.expression = excerpt(let.decl->value.pos, let.end);
    d.location = {file_of(let.decl->pos).name, file_of(let.decl->pos).position(let.decl->id.pos)};
    program_->derived_value[index] = value.ref;
  }
  return let.value;
}

Typed Checker::lower_call(const ast::Call& call) {
  const std::string& fn = call.function;
  if (fn == "answered") {
    std::vector<std::uint32_t> slots;
    bool ok = true;
    for (const auto& arg : call.arguments) {
      const ast::Name* n = bare_name(arg);
      auto it = n ? values_.find(std::string_view(*n)) : values_.end();
      if (!n || it == values_.end() || it->second.kind != ValueDecl::Kind::question) {
        if (n && it == values_.end() && broken(*n, {"question"})) {
          ok = false;
          continue;
        }
        error(arg.pos, n && it == values_.end() ? "unknown-name" : "type-mismatch",
              "answered(...) takes question ids" +
                  (n ? std::string(" ('") + *n + "' is not a question)" : std::string()));
        ok = false;
        continue;
      }
      slots.push_back(make_ref(RefKind::answer, it->second.index));
    }
    if (!ok) return invalid();
    return node(Op::answered, slots, QuestionType::boolean);
  }
  if (fn == "count" || fn == "min" || fn == "max") {
    const bool count = fn == "count";
    std::vector<std::uint32_t> operands;
    bool ok = true;
    for (const auto& arg : call.arguments) {
      Typed t = lower(arg);
      ok = (count ? expect_type(t, QuestionType::boolean, arg.pos, "count(...)")
                  : expect_numeric(t, arg.pos, fn + "(...)")) &&
           ok;
      operands.push_back(t.ref);
    }
    if (!ok) return invalid();
    return node(count ? Op::add : fn == "min" ? Op::min : Op::max, operands, QuestionType::number);
  }
  error(call.function.pos, "unknown-name",
        "unknown function '" + fn + "'" + suggest(fn, function_names_) +
            "; functions are count, answered, min and max");
  return invalid();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
