#include "src/cli/output_mask.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <streambuf>

namespace kcldap::cli {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string replace_tokens(const std::string& text, const std::string& value, const std::string& by) {
  if (value.empty()) return text;
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 1)) {
    const std::size_t end = at + value.size();
    const bool starts = at == 0 || !word_char(text[at - 1]) || !word_char(value.front());
    const bool ends = end == text.size() || !word_char(text[end]) || !word_char(value.back());
    if (!starts || !ends || at < from) continue;
    out.append(text, from, at - from);
    out += by;
    from = end;
  }
  out.append(text, from, std::string::npos);
  return out;
}

// Line-buffered: a value is masked whole unless one write is flushed halfway through it.
class MaskingBuffer : public std::streambuf {
 public:
  explicit MaskingBuffer(std::streambuf* target) : target_(target) {}
  std::vector<std::pair<std::string, std::string>> references;
  std::streambuf* target() const { return target_; }
  int sync() override {
    const std::string masked = mask_references(pending_, references);
    pending_.clear();
    if (target_->sputn(masked.data(), static_cast<std::streamsize>(masked.size())) != static_cast<std::streamsize>(masked.size())) return -1;
    return target_->pubsync();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return sync() == 0 ? traits_type::not_eof(c) : traits_type::eof();
    pending_ += traits_type::to_char_type(c);
    if (c == '\n' && sync() != 0) return traits_type::eof();
    return c;
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    pending_.append(data, static_cast<std::size_t>(size));
    if (pending_.find('\n') != std::string::npos && sync() != 0) return 0;
    return size;
  }

 private:
  std::streambuf* target_;
  std::string pending_;
};

MaskingBuffer* g_out = nullptr;
MaskingBuffer* g_err = nullptr;

void restore_streams() {
  for (auto [stream, buffer] : {std::pair{&std::cout, g_out}, std::pair{&std::cerr, g_err}}) {
    if (buffer == nullptr) continue;
    stream->flush();
    buffer->pubsync();
    stream->rdbuf(buffer->target());
  }
}

}  // namespace

std::string mask_references(const std::string& text, const std::vector<std::pair<std::string, std::string>>& references) {
  auto sorted = references;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string out = text;
  for (const auto& [value, reference] : sorted) {
    out = replace_tokens(out, value, reference);
    const std::string escaped = nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string inner = escaped.substr(1, escaped.size() - 2);
    if (inner != value) out = replace_tokens(out, inner, reference);
  }
  return out;
}

void install_output_mask(const std::vector<std::pair<std::string, std::string>>& references) {
  if (references.empty()) return;
  if (g_out == nullptr) {
    static MaskingBuffer out(std::cout.rdbuf());
    static MaskingBuffer err(std::cerr.rdbuf());
    g_out = &out;
    g_err = &err;
    std::cout.rdbuf(g_out);
    std::cerr.rdbuf(g_err);
    std::atexit(restore_streams);
  }
  for (auto* buffer : {g_out, g_err}) buffer->references.insert(buffer->references.end(), references.begin(), references.end());
}

std::string mask_installed(const std::string& text) { return g_out == nullptr ? text : mask_references(text, g_out->references); }

}  // namespace kcldap::cli
