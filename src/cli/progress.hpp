// Live display of a pipeline run: on a terminal, a spinner line with the step in progress and its elapsed
// time, replaced by the step's result; otherwise plain lines only. Check lines are grouped by stage as
// they arrive, with details and the remedy under any warning or failure.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "checks/check.hpp"
#include "src/report/text_style.hpp"

namespace kcldap::cli {

class Progress {
 public:
  // `live`: draw the spinner (only when `out` is a terminal).
  Progress(std::ostream& out, bool live, report::TextStyle style);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  checks::Observer observer();
  void begin(const std::string& activity);
  void check(const checks::Check& check);
  void line(const std::string& text);  // any other line (plan, hook output, summary)

 private:
  void clear_spinner_locked();
  void spin();

  std::ostream& out_;
  const bool live_;
  const report::TextStyle style_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string activity_;  // "" when nothing is in progress
  std::chrono::steady_clock::time_point since_;
  std::string group_;
  bool spinner_shown_ = false;
  bool stopping_ = false;
  std::thread spinner_;
};

}  // namespace kcldap::cli
