// The onboarding steps of docs/batch.md ("Onboarding an export"), end to end through the tool:
// `redflag batch RULES --init-mapping examples/exports/redcap.csv` writes a mapping that the tool
// accepts as it is; after the documented edits it screens the export exactly as the hand-written
// examples/mappings/redcap.json does (tests/cli/cases/batch_redcap_mapping.expect).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace json = boost::json;

constexpr const char* kRules = "tests/fixtures/rules/low_back_pain.rf";
constexpr const char* kExport = "examples/exports/redcap.csv";

struct ToolRun {
  std::string out, err;
  int status = -1;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs `redflag ARGS` (from the repository root, as ctest does), capturing its output.
ToolRun redflag(const std::string& args) {
  const auto err = std::filesystem::temp_directory_path() / "redflag_onboarding.stderr";
  ToolRun run;
  FILE* pipe = popen((std::string(REDFLAG_EXE) + " " + args + " 2>" + err.string()).c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = read_file(err);
  std::filesystem::remove(err);
  return run;
}

/// The edits docs/batch.md tells a person to make to the skeleton of redcap.csv.
void apply_documented_edits(json::object& mapping) {
  json::object& columns = mapping.at("columns").as_object();
  // 1. The close matches are right: keep them. 2. The numbered choices, from REDCap's codebook.
  columns["sex"] = {{"question", "sex"},
                    {"values", {{"1", "female"}, {"2", "male"}, {"3", "other"}}}};
  columns["leg_pain"] = {{"question", "leg_pain"},
                         {"values", {{"0", "none"}, {"1", "one_leg"}, {"2", "both_legs"}}}};
  // 3. Two columns it could not place hold answers: map them, and stop ignoring them.
  columns["cancer_hx"] = "history_of_cancer";
  columns["ivdu"] = "iv_drug_use";
  json::array& ignore = mapping.at("ignore").as_array();
  for (std::size_t i = ignore.size(); i-- > 0;)
    if (ignore[i] == "cancer_hx" || ignore[i] == "ivdu") ignore.erase(ignore.begin() + i);
  // 4. Everything checked: delete "review".
  mapping.erase("review");
}

TEST(Onboarding, InitMappingThenTheDocumentedEditsScreensTheRedcapExport) {
  const ToolRun init = redflag(std::string("batch ") + kRules + " --init-mapping " + kExport);
  ASSERT_EQ(init.status, 0) << init.err;
  EXPECT_EQ(init.err, "");
  json::value skeleton = json::parse(init.out);
  ASSERT_TRUE(skeleton.is_object()) << init.out;

  const auto dir = std::filesystem::temp_directory_path();
  const auto skeleton_path = dir / "redflag_onboarding_skeleton.json";
  const auto edited_path = dir / "redflag_onboarding_edited.json";

  // The skeleton as written is a mapping the tool accepts (it still has notes under "review",
  // and REDCap's numbered choices are not mapped yet: those records are error records, exit 1).
  std::ofstream(skeleton_path) << init.out;
  const ToolRun as_is = redflag(std::string("batch ") + kRules + " " + kExport + " --mapping " +
                                skeleton_path.string() + " --quiet");
  EXPECT_EQ(as_is.status, 1) << as_is.err;
  EXPECT_NE(as_is.err.find("under \"review\": check each, then delete \"review\""),
            std::string::npos)
      << as_is.err;

  // After the documented edits it screens the export as the hand-written mapping does.
  apply_documented_edits(skeleton.as_object());
  std::ofstream(edited_path) << json::serialize(skeleton);
  const ToolRun edited = redflag(std::string("batch ") + kRules + " " + kExport + " --mapping " +
                                 edited_path.string() + " --quiet");
  EXPECT_EQ(edited.status, 0) << edited.err;
  EXPECT_EQ(edited.err, "");
  EXPECT_EQ(edited.out, read_file("tests/cli/cases/batch_redcap_mapping.expect"));
  const ToolRun reference = redflag(std::string("batch ") + kRules + " " + kExport +
                                    " --mapping examples/mappings/redcap.json --quiet");
  EXPECT_EQ(edited.out, reference.out);

  std::filesystem::remove(skeleton_path);
  std::filesystem::remove(edited_path);
}

}  // namespace
