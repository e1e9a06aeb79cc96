#include "src/cli/progress.hpp"

#include "common/printable.hpp"
#include "src/report/check_report.hpp"

namespace kcldap::cli {

Progress::Progress(std::ostream& out, bool live, report::TextStyle style) : out_(out), live_(live), style_(style) {
  if (live_) spinner_ = std::thread([this] { spin(); });
}

Progress::~Progress() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    clear_spinner_locked();
  }
  wake_.notify_all();
  if (spinner_.joinable()) spinner_.join();
}

checks::Observer Progress::observer() {
  return checks::Observer{[this](const std::string&, const std::string& activity) { begin(activity); },
                          [this](const checks::Check& c) { check(c); }};
}

void Progress::begin(const std::string& activity) {
  std::lock_guard lock(mutex_);
  activity_ = activity;
  since_ = std::chrono::steady_clock::now();
  if (!live_) out_ << "  ...   " << printable(activity) << "\n" << std::flush;
}

void Progress::check(const checks::Check& check) {
  std::lock_guard lock(mutex_);
  clear_spinner_locked();
  activity_.clear();
  if (check.group != group_) {
    out_ << (group_.empty() ? "" : "\n") << check.group << "\n";
    group_ = check.group;
  }
  out_ << report::render_check_line(check, style_);
  const bool noteworthy = check.status == checks::Status::warn || check.status == checks::Status::fail;
  if (noteworthy || check.show_details || style_.verbose) {
    for (const auto& detail : check.details) out_ << "        " << printable(detail) << "\n";
  }
  if (noteworthy && !check.remedy.empty()) out_ << "        -> " << printable(check.remedy) << "\n";
  out_ << std::flush;
}

void Progress::line(const std::string& text) {
  std::lock_guard lock(mutex_);
  clear_spinner_locked();
  out_ << text << "\n" << std::flush;
}

void Progress::clear_spinner_locked() {
  if (!spinner_shown_) return;
  out_ << "\r\033[K" << std::flush;
  spinner_shown_ = false;
}

void Progress::spin() {
  static constexpr const char* kFrames[] = {"|", "/", "-", "\\"};
  std::size_t frame = 0;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(120));
    if (stopping_) break;
    if (activity_.empty()) continue;
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - since_).count();
    out_ << "\r\033[K  " << kFrames[frame++ % 4] << "     " << activity_ << " (" << elapsed << " s)" << std::flush;
    spinner_shown_ = true;
  }
}

}  // namespace kcldap::cli
