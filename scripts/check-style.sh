#!/usr/bin/env bash
# Style gate run first by scripts/test.sh (and so by CI):
#   1. clang-format 14 (.clang-format): every tracked C++ file is formatted; `scripts/check-style.sh --fix`
#      reformats them in place instead of failing.
#   2. clang-tidy 14 (.clang-tidy): one translation unit that includes every public header under
#      include/offload/ (the library is header-only, so this checks all of its code once, in ~40 s).
# Exit status is non-zero on any violation; the offending file and line are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

fmt=clang-format-14
tidy=clang-tidy-14
for tool in "$fmt" "$tidy"; do
  command -v "$tool" >/dev/null || { echo "check-style: $tool not found (scripts/install-deps.sh all installs it)" >&2; exit 2; }
done

mapfile -t sources < <(git ls-files '*.hpp' '*.cpp')
if [ "${1:-}" = "--fix" ]; then
  "$fmt" -i "${sources[@]}"
  echo "check-style: reformatted ${#sources[@]} files"
  exit 0
fi

echo "check-style: clang-format on ${#sources[@]} files"
"$fmt" --dry-run --Werror "${sources[@]}"

tu="$(mktemp --suffix=.cpp)"
trap 'rm -f "$tu"' EXIT
git ls-files 'include/offload/*.hpp' | sed 's|^include/\(.*\)$|#include <\1>|' > "$tu"
echo 'int main() { return 0; }' >> "$tu"
echo "check-style: clang-tidy on $(grep -c '#include' "$tu") public headers"
"$tidy" --quiet --config-file=.clang-tidy "$tu" -- -std=c++20 -I include -isystem /usr/include/eigen3
echo "check-style: clean"
