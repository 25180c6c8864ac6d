// redflag io: binding CSV records to answers (see csv_row.hpp).
#include "io/csv_row.hpp"

#include "answers_impl.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "io/csv.hpp"

namespace redflag::io {
namespace {

// Cells are matched a word (8 bytes) at a time. Words are compared as they lie in memory, so
// the constants below are built the same way (std::bit_cast), whatever the byte order.
using Word = std::uint64_t;
static_assert(sizeof(Word) <= CsvRowBinder::kPadding);

Word load_word(const char* p) noexcept {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

/// The first bytes of `text` as load_word() gives them (at most 8; the rest zero).
constexpr Word word(std::string_view text) {
  std::array<char, sizeof(Word)> bytes{};
  for (std::size_t i = 0; i < text.size() && i < bytes.size(); ++i)
    bytes[i] = text[i];
  return std::bit_cast<Word>(bytes);
}

/// Masks of the first n bytes of a word, n = 0..8.
constexpr std::array<Word, 9> kFirstBytes = [] {
  std::array<Word, 9> masks{};
  for (std::size_t n = 0; n < masks.size(); ++n) {
    std::array<unsigned char, sizeof(Word)> bytes{};
    for (std::size_t i = 0; i < n; ++i)
      bytes[i] = 0xff;
    masks[n] = std::bit_cast<Word>(bytes);
  }
  return masks;
}();

/// The first bytes of `text` (at most 8; the rest zero), read without going past it.
Word first_word(std::string_view text) noexcept {
  Word w = 0;
  std::memcpy(&w, text.data(), std::min(text.size(), sizeof w));
  return w;
}

/// The position of the first ',' in [p, last), or `last`. Reads a word at a time, so up to 7
/// bytes after `last`.
const char* find_comma(const char* p, const char* last) noexcept {
  constexpr Word kLow7 = 0x7f7f7f7f7f7f7f7f, kCommas = word(",,,,,,,,");
  for (; p < last; p += sizeof(Word)) {
    const Word x = load_word(p) ^ kCommas;                     // a zero byte for each comma
    const Word commas = ~(((x & kLow7) + kLow7) | x | kLow7);  // 0x80 in exactly those bytes
    if (commas) {
      const int bit = std::endian::native == std::endian::little ? std::countr_zero(commas)
                                                                 : std::countl_zero(commas);
      return std::min(p + bit / 8, last);
    }
  }
  return last;
}

/// The cells of a boolean column whose codes are true and false, with the comma that ends them,
/// told apart by their first byte: kBooleanCell[byte] points into kBooleanCells (a pointer, not
/// an index: no multiplication per cell to reach a 40-byte entry). A blank cell stores
/// the unknown [0, 1] (a boolean question's value when unanswered): every cell stores its value,
/// without a branch on it.
constexpr detail::Interval kUnknownBoolean{0, 1};
struct BooleanCell {
  Word mask, text;  // the cell matches when (its word & mask) == text
  std::size_t size;
  detail::Interval value;
};
constexpr BooleanCell kBooleanCells[] = {
    {0, 1, 0, {}},  // any other first byte: never matches
    {kFirstBytes[1], word(","), 1, kUnknownBoolean},
    {kFirstBytes[5], word("true,"), 5, {1, 1}},
    {kFirstBytes[6], word("false,"), 6, {0, 0}},
};
constexpr std::array<const BooleanCell*, 256> kBooleanCell = [] {
  std::array<const BooleanCell*, 256> cell{};
  cell.fill(&kBooleanCells[0]);
  cell[','] = &kBooleanCells[1];
  cell['t'] = &kBooleanCells[2];
  cell['f'] = &kBooleanCells[3];
  return cell;
}();

bool numeric(QuestionType type) {
  return type == QuestionType::integer || type == QuestionType::number;
}

}  // namespace

// How a question column's cells bind when no fast path took them: what Binder::bind_text() does,
// as a small table of the texts it knows (first match wins, in bind_text()'s order: the
// mapping's blank codes, the column's codes, then the boolean codes of a boolean question or
// the option ids of a choice question), then by the question's type. An answer the question
// accepts (checked here, once) is stored as it is; any other goes through Answers::set, which
// rejects it with the error it would record for it anywhere.
struct CsvRowBinder::Coded {
  enum class Action : std::uint8_t { blank, point, value };
  struct Entry {
    Word key = 0;  // the first bytes of `text`, as first_word() gives them
    // For bind_unquoted(): a cell is this entry when (its first word & head_mask) == head, for
    // texts of over 8 bytes (its second word & tail_mask) == tail, and a comma or the end of the
    // record follows the text. Only for texts of up to 15 bytes that hold no comma or line
    // break, so a match never reaches past the record (the others never match: mask 0, head 1).
    Word head_mask = 0, head = 1, tail_mask = 0, tail = 0;
    std::string_view text;  // into the mapping, the binder or the rule set (they outlive this)
    Action action = Action::blank;
    detail::Interval point;  // Action::point: the accepted answer; Action::blank: the unknown value
    Value value;             // Action::value: set as it is (and checked) by Answers::set
  };
  QuestionType type = QuestionType::text;
  std::vector<Entry> entries;
};

CsvRowBinder::CsvRowBinder(const Binder& binder, std::span<const Field> columns) {
  const auto questions = binder.ruleset().questions();
  using Action = Coded::Action;
  using Entry = Coded::Entry;
  decimal_comma_ = binder.decimal_comma();
  const detail::Program& program = binder.ruleset().impl();
  unknown_ = program.initial.data() + program.answer_base;
  std::vector<bool> bound(questions.size());
  for (const Field& field : columns)
    if (field.kind == Field::Kind::question) bound[field.index] = true;
  for (std::uint32_t q = 0; q < questions.size(); ++q)
    if (!bound[q]) unbound_.push_back(q);
  coded_.resize(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const Field& field = columns[c];
    Column& column = columns_.emplace_back();
    column.index = std::uint32_t(field.index);
    column.kind = field.kind == Field::Kind::id ? Column::id : Column::skip;
    if (field.kind != Field::Kind::question) continue;
    const Question& question = questions[field.index];
    Coded& plan = coded_[c];
    plan.type = question.type;
    const auto add = [&](std::string_view text, Entry entry) {
      if (text.empty()) return;  // an empty cell is always blank
      for (const Entry& e : plan.entries)
        if (e.text == text) return;  // an earlier entry wins, as in bind_text
      entry.text = text;
      entry.key = first_word(text);
      if (text.size() < 2 * sizeof(Word) && text.find_first_of(",\r\n") == std::string_view::npos) {
        entry.head_mask = kFirstBytes[std::min(text.size(), sizeof(Word))];
        entry.head = entry.key;
        if (text.size() > sizeof(Word)) {
          entry.tail_mask = kFirstBytes[text.size() - sizeof(Word)];
          entry.tail = first_word(text.substr(sizeof(Word)));
        }
      }
      plan.entries.push_back(entry);
    };
    const auto add_value = [&](std::string_view text, const Value& value) {
      Entry e;
      e.action = Action::value;
      e.value = value;
      const auto accept = [&](double d) {
        e.action = Action::point;
        e.point = {d, d};
      };
      if (value.kind == Value::Kind::boolean && question.type == QuestionType::boolean) {
        accept(value.boolean ? 1 : 0);
      } else if (value.kind == Value::Kind::number &&
                 Answers::Impl::accepts_number(question, value.number)) {
        accept(value.number);
      } else if (value.kind == Value::Kind::choice && question.type == QuestionType::choice) {
        if (const std::size_t i = Answers::Impl::option_index(question, value.text);
            i != Answers::Impl::npos)
          accept(double(i));
      }
      add(text, e);
    };
    Entry blank;  // leaves the question unknown
    blank.point = unknown_[field.index];
    if (const Mapping* mapping = binder.mapping())
      for (const std::string& text : mapping->blank)
        add(text, blank);
    if (field.codes) {
      for (const Code& code : *field.codes) {
        Value v = code.value();
        if (v.kind == Value::Kind::choice && question.type == QuestionType::text)
          v.kind = Value::Kind::text;
        add_value(code.code, v);
      }
    }
    if (question.type == QuestionType::boolean)
      for (const Code& code : binder.boolean_codes())
        add_value(code.code, code.value());
    if (question.type == QuestionType::choice) {
      for (std::size_t i = 0; i < question.options.size(); ++i) {
        Entry e;
        e.action = Action::point;
        e.point = {double(i), double(i)};
        add(question.options[i].id, e);
      }
    }
    // The fast paths: a boolean question whose only codes are true and false, a numeric
    // question without codes (and numbers with a decimal point).
    const auto& e = plan.entries;
    column.kind = Column::coded;
    if (question.type == QuestionType::boolean && e.size() == 2 && e[0].text == "true" &&
        e[0].action == Action::point && e[0].point.lo == 1 && e[1].text == "false" &&
        e[1].action == Action::point && e[1].point.lo == 0 &&
        unknown_[field.index] == kUnknownBoolean)
      column.kind = Column::booleans;
    if (numeric(question.type) && e.empty() && !binder.decimal_comma())
      column.kind = Column::number;
  }
  for (std::size_t c = columns_.size(); c-- > 0;)
    if (columns_[c].kind == Column::booleans)
      columns_[c].run = 1 + (c + 1 < columns_.size() ? columns_[c + 1].run : 0);
}

CsvRowBinder::~CsvRowBinder() = default;

void CsvRowBinder::start(Answers& answers) const {
  answers.impl().clear(unbound_);
}

std::size_t CsvRowBinder::bind_unquoted(const char* p, const char* last, Answers& answers,
                                        std::span<std::string> ids) const {
  // Field by field. A cell on a fast path is matched with the comma that ends it, in the word it
  // starts with; the word may reach past `last` (into the next record, or the padding), but a
  // match never does, as it holds no line break. Any other cell finds its comma and binds as
  // bind() binds it. Every question column is written, a blank cell as unknown (see start()).
  constexpr Word kComma = word(",");
  detail::Interval* const values = answers.impl().values();
  const detail::Interval* const unknown = unknown_;
  const std::size_t columns = columns_.size();
  for (std::size_t column = 0; column < columns; ++column) {
    Column cell = columns_[column];
    if (cell.kind == Column::booleans) {
      // This column and the boolean columns right after it, in a loop of their own: blank,
      // "true," or "false,", told apart by the first byte, each checked in one comparison. A
      // cell that is none of them takes the general path below.
      // (One pointer walks the columns: no separate counter.)
      const Column* c = columns_.data() + column;
      for (const Column* const end = c + cell.run; c != end; ++c) {
        const BooleanCell& b = *kBooleanCell[static_cast<unsigned char>(*p)];
        if ((load_word(p) & b.mask) != b.text) break;
        values[c->index] = b.value;
        p += b.size;
      }
      column = std::size_t(c - columns_.data());
      if (column == columns) break;
      cell = *c;
    }
    const Word w = load_word(p);
    if ((w & kFirstBytes[1]) == kComma) {  // blank: unanswered (an id stays empty)
      if (cell.kind >= Column::booleans) values[cell.index] = unknown[cell.index];
      ++p;
      continue;
    }
    if (cell.kind == Column::coded) {
      // A code (an option id, a mapped value) of up to 15 bytes, compared a word at a time,
      // then the comma or the end of the record after it: no search for the comma, no call.
      // Anything else takes the general path below.
      const Coded::Entry* match = nullptr;
      const char* stop = nullptr;
      for (const Coded::Entry& e : coded_[column].entries) {
        if ((w & e.head_mask) != e.head) continue;
        // The first 8 bytes matched, and hold no line break: the next word is readable.
        if (e.text.size() > sizeof(Word) && (load_word(p + sizeof(Word)) & e.tail_mask) != e.tail)
          continue;
        stop = p + e.text.size();
        if (stop == last || *stop == ',') {
          match = &e;
          break;
        }
      }
      if (match) {
        if (match->action == Coded::Action::value) {
          answers.set(cell.index, match->value);
        } else {
          values[cell.index] = match->point;  // an accepted answer, or unknown for a blank code
        }
        if (stop == last) return column + 1;
        p = stop + 1;
        continue;
      }
    }
    if (cell.kind == Column::number) {
      double d = 0;
      const char* const end = scan_short_number(p, last, d);
      if (end && end != last && *end == ',') {
        answers.impl().set_number(cell.index, d);
        p = end + 1;
        continue;
      }
    }
    const char* const stop = find_comma(p, last);
    const std::string_view text(p, std::size_t(stop - p));
    if (cell.kind == Column::id) {
      ids[cell.index].assign(text);
    } else if (cell.kind != Column::skip && text.empty()) {
      values[cell.index] = unknown[cell.index];  // blank, at the end of the record
    } else if (cell.kind != Column::skip) {
      bind_coded(column, text, w & kFirstBytes[std::min(text.size(), sizeof(Word))], answers);
    }
    if (stop == last) return column + 1;
    p = stop + 1;
  }
  // More fields than columns (a ragged row): count them.
  for (std::size_t fields = columns + 1;; ++fields) {
    const char* const stop = find_comma(p, last);
    if (stop == last) return fields;
    p = stop + 1;
  }
}

void CsvRowBinder::bind(std::size_t column, std::string_view text, Answers& answers,
                        std::span<std::string> ids) const {
  const Column cell = columns_[column];
  if (cell.kind == Column::id) {
    ids[cell.index].assign(text);
  } else if (cell.kind != Column::skip && !text.empty()) {
    bind_coded(column, text, first_word(text), answers);
  }
}

void CsvRowBinder::bind_coded(std::size_t column, std::string_view text, Word key,
                              Answers& answers) const {
  const Coded& plan = coded_[column];
  const std::size_t q = columns_[column].index;
  for (const Coded::Entry& e : plan.entries) {
    if (e.key != key || e.text.size() != text.size()) continue;
    if (text.size() > sizeof(Word) &&
        std::memcmp(e.text.data() + sizeof(Word), text.data() + sizeof(Word),
                    text.size() - sizeof(Word)) != 0)
      continue;
    if (e.action == Coded::Action::value) {
      answers.set(q, e.value);
    } else {
      answers.impl().values()[q] = e.point;  // an accepted answer, or unknown for a blank code
    }
    return;
  }
  switch (plan.type) {
    case QuestionType::integer:
    case QuestionType::number: {
      double d = 0;
      if (decimal_comma_ ? parse_decimal_comma(text, d) : parse_number(text, d)) {
        answers.impl().set_number(q, d);
        return;
      }
      if (decimal_comma_ && text.find('.') != std::string_view::npos) {
        answers.impl().values()[q] = unknown_[q];
        answers.add_error(decimal_point_error(answers.ruleset().questions()[q], text));
        return;
      }
      break;
    }
    case QuestionType::choice:
      // Not an option id (those are in the table): rejected with the options listed.
      answers.set(q, Value::choice(text));
      return;
    case QuestionType::boolean:
    case QuestionType::text:
      break;
  }
  // Text for a text question; anything else is rejected by Answers with a message that says
  // what the question expects.
  answers.set(q, Value::text_value(text));
}

}  // namespace redflag::io
