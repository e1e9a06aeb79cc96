#include "src/prompts/terminal.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace kcldap::prompts {

namespace {

// Puts the terminal in character mode (no echo, no signals from Ctrl-C) and restores it on scope exit.
class RawMode {
 public:
  explicit RawMode(int fd) : fd_(fd) {
    active_ = ::tcgetattr(fd_, &saved_) == 0;
    if (!active_) return;
    termios raw = saved_;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
    raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    ::tcsetattr(fd_, TCSANOW, &raw);  // not TCSAFLUSH: keep what was typed ahead
  }
  ~RawMode() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// Removes the last UTF-8 character (continuation bytes are 10xxxxxx).
void erase_last_character(std::string& text) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((byte & 0xC0) != 0x80) break;
  }
}

}  // namespace

bool Terminal::is_terminal(int fd) { return ::isatty(fd) == 1; }

void Terminal::write(const std::string& text) const {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(out_, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;
    done += static_cast<std::size_t>(wrote);
  }
}

ReadResult Terminal::read_line(const std::string& prompt, bool echo) const {
  RawMode raw(in_);  // before the prompt: once it shows, nothing typed is echoed by the terminal itself
  write(prompt);
  ReadResult result;
  for (;;) {
    char c = 0;
    const ssize_t got = ::read(in_, &c, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      write("\n");
      result.status = ReadStatus::end_of_input;
      return result;
    }
    if (c == '\r' || c == '\n') {
      write("\n");
      return result;
    }
    if (c == 0x03) {  // Ctrl-C
      write("^C\n");
      result.status = ReadStatus::cancelled;
      return result;
    }
    if (c == 0x04) {  // Ctrl-D: end of input on an empty line, as in a shell
      if (result.text.empty()) {
        write("\n");
        result.status = ReadStatus::end_of_input;
        return result;
      }
      continue;
    }
    if (c == 0x7f || c == 0x08) {
      if (!result.text.empty()) {
        erase_last_character(result.text);
        if (echo) write("\b \b");
      }
      continue;
    }
    if (c == 0x15) {  // Ctrl-U: clear the line
      if (echo) {
        for (char byte : result.text) {
          if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) write("\b \b");  // once per character
        }
      }
      result.text.clear();
      continue;
    }
    if (c == 0x1b) {  // an escape sequence (arrow keys): read and drop "[X"
      char sequence[2];
      (void)!::read(in_, sequence, 2);
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) continue;  // other control characters
    result.text.push_back(c);
    if (echo) write(std::string(1, c));
  }
}

}  // namespace kcldap::prompts
