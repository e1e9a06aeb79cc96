// The terminal of an interactive session: writes text and reads one answer line at a time with a small
// line editor of its own (echo on or off, backspace, Ctrl-U), so that Ctrl-C and Ctrl-D are seen as answers
// (cancel, end of input) instead of killing the process with the terminal left in no-echo mode.
// The terminal's settings are restored after every read (RAII).
#pragma once
#include <string>

namespace kcldap::prompts {

enum class ReadStatus { line, cancelled, end_of_input };

struct ReadResult {
  ReadStatus status = ReadStatus::line;
  std::string text;
};

class Terminal {
 public:
  Terminal(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}

  static bool is_terminal(int fd);
  void write(const std::string& text) const;
  // Shows `prompt` and reads a line; with `echo` false the typed characters are not shown.
  ReadResult read_line(const std::string& prompt, bool echo) const;

 private:
  int in_;
  int out_;
};

}  // namespace kcldap::prompts
