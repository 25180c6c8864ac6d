// The content hash of a rule set (docs/provenance.md): SHA-256 itself against the FIPS 180-4
// examples, then what the hash covers and what it ignores.
#include <boost/json.hpp>

#include <map>

#include "sha256.hpp"
#include "test_helpers.hpp"

namespace {

using redflag::detail::sha256_hex;

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  redflag::detail::Sha256 million;
  const std::string thousand(1000, 'a');
  for (int i = 0; i < 1000; ++i)
    million.update(thousand);
  EXPECT_EQ(million.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

constexpr std::string_view kMain =
    "ruleset t \"T\"\nversion \"1\"\nlevels { low \"L\" }\ndefault low\n"
    "use \"common.rf\"\nparam limit = 5\n";
constexpr std::string_view kCommon = "question q: number \"Q?\"\n";

redflag::Ruleset load(std::string main, std::string common,
                      std::map<std::string, double, std::less<>> parameters = {}) {
  redflag::LoadOptions options;
  options.parameters = std::move(parameters);
  options.read_file = [common](const std::filesystem::path&) { return common; };
  return redflag::load(main, "dir/main.rf", options).value();
}

std::string framed(std::string_view text) {
  return std::to_string(text.size()) + "\n" + std::string(text);
}

TEST(ContentHash, IsTheDocumentedSha256OfTheFilesInLoadOrder) {
  const auto rules = load(std::string(kMain), std::string(kCommon));
  EXPECT_EQ(rules.content_hash(), "sha256:" + sha256_hex(framed(kMain) + framed(kCommon)));
  // In the model JSON and in every result.
  EXPECT_EQ(boost::json::parse(rules.to_json()).at("content_hash").as_string(),
            rules.content_hash());
  const auto result = rules.evaluate(redflag::Answers(rules));
  EXPECT_EQ(boost::json::parse(result.to_json()).at("ruleset").at("content_hash").as_string(),
            rules.content_hash());
}

TEST(ContentHash, IgnoresLineEndingsAndAByteOrderMark) {
  std::string crlf;
  for (char c : kMain)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto lf = load(std::string(kMain), std::string(kCommon));
  EXPECT_EQ(load("\xEF\xBB\xBF" + crlf, std::string(kCommon)).content_hash(), lf.content_hash());
  EXPECT_EQ(load(std::string(kMain), "question q: number \"Q?\"\r").content_hash(),
            lf.content_hash());
}

TEST(ContentHash, ChangesWithAnyByteOfAnyRuleFileAndWithOverrides) {
  const auto base = load(std::string(kMain), std::string(kCommon));
  EXPECT_NE(load(std::string(kMain) + " ", std::string(kCommon)).content_hash(),
            base.content_hash());
  EXPECT_NE(load(std::string(kMain), "question q: number \"Q ?\"\n").content_hash(),
            base.content_hash());
  const auto overridden = load(std::string(kMain), std::string(kCommon), {{"limit", 6}});
  EXPECT_EQ(overridden.content_hash(),
            "sha256:" + sha256_hex(framed(kMain) + framed(kCommon) + "param limit = 6\n"));
  // Moving text between the two files changes the hash: each file is framed by its length.
  EXPECT_NE(load(std::string(kMain) + "#", "\n" + std::string(kCommon)).content_hash(),
            load(std::string(kMain) + "#\n", std::string(kCommon)).content_hash());
}

}  // namespace
