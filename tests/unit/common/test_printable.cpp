// common/printable: directory and server text reaches the terminal with controls and broken UTF-8 shown
// as \xNN, and everything printable (UTF-8 included) as it was.
#include <catch2/catch.hpp>

#include "common/printable.hpp"

using kcldap::printable;

TEST_CASE("printable escapes C0 controls, DEL and C1 controls, keeps newline and tab", "[text]") {
  CHECK(printable("Ada\x1b[2JLovelace") == "Ada\\x1b[2JLovelace");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("bell\x07 del\x7f") == "bell\\x07 del\\x7f");
  CHECK(printable("line\nnext\tcol\r") == "line\nnext\tcol\\x0d");
  CHECK(printable("csi\xc2\x9b" "31m") == "csi\\xc2\\x9b31m");
}

TEST_CASE("printable keeps valid UTF-8 and escapes invalid bytes", "[text]") {
  CHECK(printable("Zoë Åström – 日本 🎉") == "Zoë Åström – 日本 🎉");
  CHECK(printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(printable("trunc\xe6\x97") == "trunc\\xe6\\x97");
  CHECK(printable("overlong\xc0\xaf") == "overlong\\xc0\\xaf");
  CHECK(printable("surrogate\xed\xa0\x80") == "surrogate\\xed\\xa0\\x80");
  CHECK(printable("") == "");
}
