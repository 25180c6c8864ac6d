// redflag CLI: `redflag batch RULES --init-mapping EXPORT`, a first mapping file for a CSV export
// (see batch.hpp, init_mapping(), and docs/batch.md, "Onboarding an export").
//
// From the header row and the first rows of the export it guesses, column by column:
//   - the question: a column named exactly like a question; else one whose name, in lower case
//     and with punctuation and spaces as '_' (io::normal_name), is a question's id or prompt;
//     else a close match (io::close_questions), marked for review;
//   - id columns ("id", "*_id", "id_*" whose values are all different), marked for review;
//   - value codes: boolean spellings (1/0, Yes/No, TRUE/FALSE, ...) for the boolean questions,
//     choice cells that are an option's id or label but for case and punctuation, blank
//     spellings (NA, N/A, ...), a decimal comma in numbers;
// and lists under "review" what a person must check or decide: close matches, guessed id
// columns, columns ignored because they match no question, values it could not place, and the
// questions no column answers.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "batch.hpp"
#include "io/binder.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"

namespace redflag::cli::batch {
namespace {

/// Boolean spellings, compared in lower case; the first of each pair is true.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kBooleans{{
    {"true", "false"},
    {"yes", "no"},
    {"y", "n"},
    {"1", "0"},
    {"t", "f"},
    {"checked", "unchecked"},
    {"on", "off"},
}};

/// Cells that mean "not answered", compared in lower case.
constexpr std::array<std::string_view, 11> kBlanks{
    "na",      "n/a", "nan", "null",       "missing",          "not answered",
    "unknown", ".",   "-",   "don't know", "prefer not to say"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

/// `word` written in the case of `like`: "No" for ("no", "Yes"), "FALSE" for ("false", "TRUE").
std::string same_case(std::string_view word, std::string_view like) {
  if (like == upper(like) && like != lower(like)) return upper(word);
  if (!like.empty() && like.front() >= 'A' && like.front() <= 'Z') {
    std::string out(word);
    out.front() = upper(out.substr(0, 1)).front();
    return out;
  }
  return std::string(word);
}

bool is_blank_spelling(std::string_view cell) {
  const std::string l = lower(cell);
  return std::find(kBlanks.begin(), kBlanks.end(), l) != kBlanks.end();
}

/// 'a', 'b', 'c' (at most 10, then "and N more").
std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < 10; ++i)
    out += (i ? ", '" : "'") + items[i] + "'";
  if (items.size() > 10) out += " and " + std::to_string(items.size() - 10) + " more";
  return out;
}

/// One column of the export, as read from the header and the first rows.
struct Column {
  std::string name;
  std::vector<std::string> values;  // the distinct non-empty cells, in order of appearance
  std::size_t cells = 0;            // non-empty cells
  bool distinct = true;             // no non-empty cell repeats
  // The guess:
  std::optional<std::size_t> question;
  int strength = 0;  // 3 exact, 2 but for case and punctuation, 1 close (review)
  bool id = false;
};

/// The header and first rows of a CSV input. False with `error` when there is no header.
bool read_sample(io::Input& input, std::size_t rows, std::vector<Column>& columns, char& delimiter,
                 std::size_t& records, std::string& error) {
  constexpr std::size_t kMaxBytes = 64 << 20;  // enough for the first rows of any export
  std::string data;
  std::size_t at = 0;  // where the next record starts
  bool eof = false;
  records = 0;
  std::vector<std::string_view> fields;
  std::vector<std::set<std::string>> distinct;  // per column
  bool header = true;
  while (header || records < rows) {
    std::size_t lines = 0;
    std::size_t length = io::csv_record_end(std::string_view(data).substr(at), lines);
    if (length == std::string_view::npos) {
      if (!eof && data.size() < kMaxBytes) {
        const std::size_t old = data.size();
        data.resize(old + (1 << 16));
        const std::size_t got = input.read(data.data() + old, 1 << 16, error);
        data.resize(old + got);
        if (!error.empty()) return false;
        eof = got == 0;
        continue;
      }
      if (!eof || at >= data.size()) break;
      length = data.size() - at;  // the last record, without a line feed
    }
    std::string record = data.substr(at, length);
    at += length;
    if (!record.empty() && record.back() == '\n') record.pop_back();
    if (header) {
      if (record.starts_with("\xEF\xBB\xBF")) record.erase(0, 3);
      if (record.empty() || record == "\r") break;
      delimiter = io::csv_detect_delimiter(record);
      std::string why;
      if (!io::csv_split(record.data(), record.data() + record.size(), fields, why, delimiter)) {
        error = input.name() + ":1: bad header row: " + why;
        return false;
      }
      for (const std::string_view f : fields)
        columns.emplace_back().name = f;
      distinct.resize(columns.size());
      header = false;
      continue;
    }
    if (record.empty() || record == "\r") continue;
    ++records;
    std::string why;
    if (!io::csv_split(record.data(), record.data() + record.size(), fields, why, delimiter) ||
        fields.size() != columns.size())
      continue;  // (batch reports it as an error record)
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (fields[c].empty()) continue;  // unanswered: nothing to guess from
      Column& column = columns[c];
      ++column.cells;
      if (distinct[c].insert(std::string(fields[c])).second) {
        if (column.values.size() < 1000) column.values.emplace_back(fields[c]);
      } else {
        column.distinct = false;
      }
    }
  }
  if (header) {
    error =
        input.name() + (data.size() >= kMaxBytes
                            ? ": the header row is longer than 64 MiB"
                            : ": no header row (the first line of a CSV input names its columns)");
    return false;
  }
  return true;
}

/// Whether the cells seen could answer `question`, read as a close match would read them.
bool plausible(const Column& column, const Question& question) {
  for (const std::string& v : column.values) {
    if (is_blank_spelling(v)) continue;
    double d = 0;
    switch (question.type) {
      case QuestionType::boolean: {
        const std::string l = lower(v);
        if (std::none_of(kBooleans.begin(), kBooleans.end(),
                         [&](const auto& b) { return b.first == l || b.second == l; }))
          return false;
        break;
      }
      case QuestionType::integer:
      case QuestionType::number:
        if (!io::parse_number(v, d) && !io::parse_decimal_comma(v, d)) return false;
        break;
      case QuestionType::choice: {
        // An option's id or label (but for case and punctuation), or a numbered code.
        const std::string n = io::normal_name(v);
        const bool option =
            std::any_of(question.options.begin(), question.options.end(), [&](const Option& o) {
              return io::normal_name(o.id) == n || io::normal_name(o.label) == n;
            });
        if (!option && !(io::parse_number(v, d) && d == std::floor(d) && d >= 0 && d <= 99))
          return false;
        break;
      }
      case QuestionType::text:
        break;
    }
  }
  return true;
}

/// The JSON writer of the skeleton: one key per line, short arrays and objects on one line.
class Writer {
 public:
  std::string text = "{";

  void key(std::string_view k) {
    text += first_ ? "\n  " : ",\n  ";
    first_ = false;
    io::append_string(text, k);
    text += ": ";
  }
  static std::string strings(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      io::append_string(out, items[i]);
    }
    return out + "]";
  }

 private:
  bool first_ = true;
};

}  // namespace

std::string init_mapping(const Ruleset& ruleset, io::Input& input, std::size_t rows,
                         std::string& error) {
  std::vector<Column> columns;
  char delimiter = ',';
  std::size_t records = 0;
  if (!read_sample(input, rows, columns, delimiter, records, error)) return "";
  const auto questions = ruleset.questions();

  // Questions: the exact names first, then the same but for case and punctuation, then close
  // matches; each question to one column, the first that claims it at the strongest level.
  std::vector<bool> taken(questions.size());
  std::vector<std::string> review;
  for (int strength = 3; strength >= 1; --strength) {
    for (Column& column : columns) {
      if (column.question) continue;
      const std::string n = io::normal_name(column.name);
      std::vector<std::size_t> candidates;
      if (strength == 1) {
        candidates = io::close_questions(ruleset, column.name);
      } else {
        for (std::size_t q = 0; q < questions.size(); ++q)
          if (strength == 3 ? column.name == questions[q].id
                            : !n.empty() && (n == io::normal_name(questions[q].id) ||
                                             n == io::normal_name(questions[q].prompt)))
            candidates.push_back(q);
      }
      // Each question once; a close match must be able to take the cells seen.
      std::erase_if(candidates, [&](std::size_t q) {
        return taken[q] || (strength == 1 && !plausible(column, questions[q]));
      });
      if (candidates.empty()) continue;
      column.question = candidates.front();
      column.strength = strength;
      taken[candidates.front()] = true;
      if (strength == 1) {
        std::string note = "column '" + column.name + "' -> question '" +
                           questions[candidates.front()].id + "': a close match, check it";
        std::vector<std::string> others;
        for (std::size_t i = 1; i < candidates.size(); ++i)
          others.push_back(questions[candidates[i]].id);
        if (!others.empty()) note += " (also close: " + quoted_list(others) + ")";
        review.push_back(note);
      }
    }
  }

  // Id columns, then everything else unmatched is ignored.
  std::vector<std::string> id_columns, ignore;
  for (Column& column : columns) {
    if (column.question) continue;
    const std::string n = io::normal_name(column.name);
    if ((n == "id" || n.ends_with("_id") || n.starts_with("id_")) && column.distinct) {
      column.id = true;
      id_columns.push_back(column.name);
      review.push_back("column '" + column.name +
                       "': taken as an id column (passed through to the output), check it");
    } else {
      ignore.push_back(column.name);
      review.push_back("column '" + column.name +
                       "' matches no question: ignored; if it holds answers, map it under "
                       "\"columns\" (and remove it from \"ignore\")");
    }
  }

  // Values: boolean spellings, blank spellings, choice codes, decimal commas.
  std::vector<std::pair<std::string, bool>> booleans;  // in order of appearance
  std::vector<std::string> blanks;
  bool comma_numbers = false, point_numbers = false;
  const auto add_boolean = [&](std::string spelling, bool value) {
    for (const auto& b : booleans)
      if (b.first == spelling) return;
    booleans.emplace_back(std::move(spelling), value);
  };
  const auto add_blank = [&](const std::string& cell) {
    if (std::find(blanks.begin(), blanks.end(), cell) == blanks.end()) blanks.push_back(cell);
  };
  std::vector<std::string> entries;  // "columns", one line per column
  for (const Column& column : columns) {
    if (!column.question) continue;
    const Question& question = questions[*column.question];
    std::vector<std::pair<std::string, std::string>> codes;  // cell -> option id
    std::vector<std::string> unplaced;
    for (const std::string& v : column.values) {
      const std::string l = lower(v);
      double d = 0;
      switch (question.type) {
        case QuestionType::boolean: {
          const auto b = std::find_if(kBooleans.begin(), kBooleans.end(),
                                      [&](const auto& p) { return p.first == l || p.second == l; });
          if (b != kBooleans.end()) {
            // The spelling seen, and the other one of its pair in the same case.
            const bool value = b->first == l;
            add_boolean(v, value);
            add_boolean(same_case(value ? b->second : b->first, v), !value);
            continue;
          }
          break;
        }
        case QuestionType::integer:
        case QuestionType::number:
          if (io::parse_number(v, d)) {
            point_numbers = point_numbers || v.find('.') != std::string::npos;
            continue;
          }
          if (io::parse_decimal_comma(v, d)) {
            comma_numbers = true;
            continue;
          }
          break;
        case QuestionType::choice: {
          const auto o = std::find_if(question.options.begin(), question.options.end(),
                                      [&](const Option& o) { return o.id == v; });
          if (o != question.options.end()) continue;  // an option id: nothing to map
          const std::string n = io::normal_name(v);
          const auto same =
              std::find_if(question.options.begin(), question.options.end(), [&](const Option& o) {
                return !n.empty() && (io::normal_name(o.id) == n || io::normal_name(o.label) == n);
              });
          if (same != question.options.end()) {
            codes.emplace_back(v, same->id);
            continue;
          }
          break;
        }
        case QuestionType::text:
          continue;
      }
      if (is_blank_spelling(v)) {
        add_blank(v);
      } else {
        unplaced.push_back(v);
      }
    }

    std::string entry;
    io::append_string(entry, column.name);
    entry += ": ";
    if (codes.empty()) {
      io::append_string(entry, question.id);
    } else {
      entry += "{\"question\": ";
      io::append_string(entry, question.id);
      entry += ", \"values\": {";
      for (std::size_t i = 0; i < codes.size(); ++i) {
        if (i) entry += ", ";
        io::append_string(entry, codes[i].first);
        entry += ": ";
        io::append_string(entry, codes[i].second);
      }
      entry += "}}";
    }
    entries.push_back(entry);
    if (!unplaced.empty()) {
      std::string expects;
      switch (question.type) {
        case QuestionType::boolean:
          expects = "a boolean; map the spellings under \"boolean\"";
          break;
        case QuestionType::integer:
        case QuestionType::number:
          expects =
              "a number; map the codes under \"columns\" (as values), or list blank "
              "spellings under \"blank\"";
          break;
        case QuestionType::choice: {
          std::vector<std::string> ids;
          for (const Option& o : question.options)
            ids.push_back(o.id);
          expects = "one of " + quoted_list(ids) +
                    "; map each code to an option id under \"columns\" (as values)";
          break;
        }
        case QuestionType::text:
          break;
      }
      review.push_back("column '" + column.name + "' (question '" + question.id + "', " + expects +
                       "): values seen that it does not take yet: " + quoted_list(unplaced));
    }
  }
  if (!blanks.empty())
    review.push_back("cells " + quoted_list(blanks) +
                     " are read as unanswered (\"blank\", in every column): check it");
  const bool decimal_comma = comma_numbers && !point_numbers;
  if (comma_numbers && point_numbers)
    review.push_back(
        "numbers are written with a decimal comma in some cells and a decimal "
        "point in others: set \"decimal\" to the export's");
  std::vector<std::string> unanswered;
  for (std::size_t q = 0; q < questions.size(); ++q)
    if (!taken[q]) unanswered.push_back(questions[q].id);
  if (!unanswered.empty()) {
    std::string list;
    for (const std::string& id : unanswered)
      list += (list.empty() ? "" : ", ") + id;
    review.push_back("questions no column answers (unanswered in every record): " + list);
  }
  // The default boolean spellings are true and false; any other replaces them.
  const bool default_booleans = std::all_of(booleans.begin(), booleans.end(), [](const auto& b) {
    return b.first == "true" || b.first == "false";
  });

  Writer w;
  w.key("description");
  io::append_string(w.text, "Written by redflag batch --init-mapping from " + input.name() + " (" +
                                std::to_string(records) + " rows read) for rule set " +
                                std::string(ruleset.id()) + " " + std::string(ruleset.version()) +
                                ". Check each note under \"review\", then delete \"review\".");
  if (!id_columns.empty()) {
    w.key("id_columns");
    w.text += Writer::strings(id_columns);
  }
  if (!ignore.empty()) {
    w.key("ignore");
    w.text += Writer::strings(ignore);
  }
  if (delimiter != ',') {
    w.key("delimiter");
    io::append_string(w.text, std::string(1, delimiter));
  }
  if (decimal_comma) {
    w.key("decimal");
    w.text += "\",\"";
  }
  if (!blanks.empty()) {
    w.key("blank");
    w.text += Writer::strings(blanks);
  }
  if (!default_booleans) {
    w.key("boolean");
    w.text += "{";
    for (std::size_t i = 0; i < booleans.size(); ++i) {
      if (i) w.text += ", ";
      io::append_string(w.text, booleans[i].first);
      w.text += booleans[i].second ? ": true" : ": false";
    }
    w.text += "}";
  }
  w.key("columns");
  w.text += "{";
  for (std::size_t i = 0; i < entries.size(); ++i)
    w.text += (i ? ",\n    " : "\n    ") + entries[i];
  w.text += entries.empty() ? "}" : "\n  }";
  if (!review.empty()) {
    w.key("review");
    w.text += "[";
    for (std::size_t i = 0; i < review.size(); ++i) {
      w.text += i ? ",\n    " : "\n    ";
      io::append_string(w.text, review[i]);
    }
    w.text += "\n  ]";
  }
  w.text += "\n}\n";
  return w.text;
}

}  // namespace redflag::cli::batch
