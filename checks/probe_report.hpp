// Vestige of the move of the report renderers to src/report/ (issue 14): src/prompts/setup_session.cpp
// still includes this path, for the checks it uses. Delete once that include is gone.
#pragma once
#include "checks/check.hpp"
