#include "src/prompts/asker.hpp"

#include "common/printable.hpp"

namespace kcldap::prompts {

std::string Asker::read(const std::string& prompt, bool echo) const {
  const ReadResult result = terminal_.read_line(prompt, echo);
  if (result.status == ReadStatus::cancelled) throw SessionEnded(SessionEnded::Why::cancelled, "cancelled (Ctrl-C)");
  if (result.status == ReadStatus::end_of_input) throw SessionEnded(SessionEnded::Why::end_of_input, "the input ended (Ctrl-D)");
  return result.text;
}

std::string Asker::text(const std::string& question, const std::string& default_answer, const std::string& hint,
                        const Validator& validate, const std::string& flag) const {
  // Defaults and hints come from the directory: shown escaped, so an entry cannot drive the terminal.
  const std::string prompt = printable("  " + question + (default_answer.empty() ? "" : " [" + default_answer + "]") +
                                       (hint.empty() ? "" : " (" + hint + ")") + ": ");
  for (;;) {
    std::string answer;
    if (accept_defaults_) {
      terminal_.write(prompt + printable(default_answer) + "\n");
      answer = default_answer;
    } else {
      answer = read(prompt, true);
      const auto first = answer.find_first_not_of(" \t");
      answer = first == std::string::npos ? "" : answer.substr(first, answer.find_last_not_of(" \t") - first + 1);
      if (answer.empty()) answer = default_answer;
    }
    const std::optional<std::string> problem = validate ? validate(answer) : std::nullopt;
    if (!problem) return answer;
    say("    ! " + *problem);
    if (accept_defaults_) {
      throw SessionEnded(SessionEnded::Why::no_default,
                         "the default for \"" + question + "\" does not work" + (flag.empty() ? "" : ": pass " + flag));
    }
  }
}

bool Asker::yes_no(const std::string& question, bool default_yes) const {
  const std::string answer = text(question, default_yes ? "yes" : "no", "", [](const std::string& a) -> std::optional<std::string> {
    if (a == "y" || a == "Y" || a == "yes" || a == "n" || a == "N" || a == "no") return std::nullopt;
    return "answer yes or no";
  });
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::string Asker::choose(const std::string& question, const std::vector<Choice>& choices, const std::string& default_value) const {
  say("  " + question);
  std::string default_number;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    say("    " + std::to_string(i + 1) + ") " + choices[i].label);
    if (choices[i].value == default_value) default_number = std::to_string(i + 1);
  }
  const std::string answer = text("choice", default_number, "", [&](const std::string& a) -> std::optional<std::string> {
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (a == std::to_string(i + 1) || a == choices[i].value) return std::nullopt;
    }
    return "answer with a number from 1 to " + std::to_string(choices.size());
  });
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (answer == std::to_string(i + 1) || answer == choices[i].value) return choices[i].value;
  }
  return default_value;
}

std::string Asker::secret(const std::string& question, const std::optional<std::string>& preset, const std::string& flag) const {
  if (preset) {
    say("  " + question + ": (given with " + flag + ")");
    return *preset;
  }
  if (accept_defaults_) throw SessionEnded(SessionEnded::Why::no_default, question + " has no default: pass " + flag);
  for (;;) {
    const std::string answer = read("  " + question + " (not shown): ", false);
    if (!answer.empty()) return answer;
    say("    ! it cannot be empty");
  }
}

}  // namespace kcldap::prompts
