// Questions with a default answer, asked on a Terminal: free text (with a validator that explains a wrong
// answer and asks again), yes/no, a choice from a list, and secrets typed without echo. With "accept
// defaults" every question takes its default without reading (and says so); a question without a default
// then stops the session with the flag to pass. Ctrl-C and end of input end the session (SessionEnded).
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/printable.hpp"
#include "src/prompts/terminal.hpp"

namespace kcldap::prompts {

// Thrown when the person ends the session: Ctrl-C, end of input, or --defaults meeting a question without one.
struct SessionEnded : std::runtime_error {
  enum class Why { cancelled, end_of_input, no_default } why;
  SessionEnded(Why reason, const std::string& message) : std::runtime_error(message), why(reason) {}
};

// Returns why an answer is not acceptable, or nullopt.
using Validator = std::function<std::optional<std::string>(const std::string&)>;

struct Choice {
  std::string value;
  std::string label;
};

class Asker {
 public:
  Asker(const Terminal& terminal, bool accept_defaults) : terminal_(terminal), accept_defaults_(accept_defaults) {}

  void say(const std::string& text) const { terminal_.write(printable(text) + "\n"); }

  // `hint` follows the default in brackets, e.g. the probe's evidence. `flag` names what pre-fills it.
  std::string text(const std::string& question, const std::string& default_answer, const std::string& hint = "",
                   const Validator& validate = {}, const std::string& flag = "") const;
  bool yes_no(const std::string& question, bool default_yes) const;
  std::string choose(const std::string& question, const std::vector<Choice>& choices, const std::string& default_value) const;
  // Typed without echo; an empty answer is refused. `preset` (e.g. from --bind-password-env) skips the question.
  std::string secret(const std::string& question, const std::optional<std::string>& preset, const std::string& flag) const;

  bool accepting_defaults() const { return accept_defaults_; }

 private:
  std::string read(const std::string& prompt, bool echo) const;

  const Terminal& terminal_;
  bool accept_defaults_;
};

}  // namespace kcldap::prompts
