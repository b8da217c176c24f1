# Shared by the shell tests (sourced, never run on its own).

# papers_version: PAPERS_VERSION of include/papers.h.
papers_version() {
  sed -n 's/^#define PAPERS_VERSION *"\(.*\)"/\1/p' include/papers.h
}

# readme_shows CMD: the README shows CMD as a line of its own (a comment
# after it allowed), so a test that runs CMD runs what the README says.
readme_shows() {
  if awk -v c="$1" '$0 == c || (index($0, c) == 1 && substr($0, length(c) + 1) ~ /^ +#/) { f = 1 }
                    END { exit !f }' README.md; then
    echo "ok README shows: $1"
  else
    echo "not ok README shows: $1: no such line in README.md"
  fi
}

# readme_shows_output TEXT: the README has TEXT as a ```text block (the
# output written under a command it shows).
readme_shows_output() {
  if /usr/bin/python3 -c 'import sys; sys.exit("```text\n%s\n```" % sys.argv[1] not in open("README.md").read())' "$1"
  then echo "ok README shows the output: $(head -1 <<<"$1") ..."
  else echo "not ok README shows the output: $(head -1 <<<"$1") ...: no such text block in README.md"; fi
}

# npm_install DIR NAME [PACKAGE...]: npm install (the packages, or DIR's
# package.json) in DIR. On failure prints "skip NAME: ..." with npm's last
# words (the registry unreachable, most often) and returns 1.
npm_install() {
  local dir=$1 name=$2 log
  shift 2
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "skip $name: node and npm are not installed (apt-get install nodejs npm)"; return 1
  fi
  log=$(mktemp)
  if ! (cd "$dir" && timeout 900 npm install --no-audit --no-fund "$@" >"$log" 2>&1); then
    echo "skip $name: npm install${*:+ $*} failed (registry unreachable?): $(tail -2 "$log" | tr '\n' ' ')"
    rm -f "$log"; return 1
  fi
  rm -f "$log"
}
