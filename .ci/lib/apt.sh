# shellcheck shell=bash
# Sourced by the .ci/setup.d steps and .ci/run: network steps that survive a flaky mirror.
#
#   . "$(dirname "$0")/../lib/apt.sh"
#   need=()
#   command -v fpc >/dev/null 2>&1 || need+=(fpc)
#   apt_install "${need[@]}"          # nothing to do when need is empty
#
# apt_install refreshes the package lists (apt-get update, retried with a pause); when the
# mirror still reports errors (e.g. "File has unexpected size … Mirror sync in progress?")
# it says so and installs with the lists it has: only a failed `apt-get install` (retried
# too) fails the step. ci_retry CMD... runs any other network command the same way.
#
# ONETRANS_CI_TRIES (default 3) and ONETRANS_CI_PAUSE (seconds between tries, default 15)
# tune both; the tests of these scripts set the pause to 0.

# ci_retry CMD...: runs CMD until it succeeds, at most ONETRANS_CI_TRIES times; returns its
# last exit status.
ci_retry() {
  local tries=${ONETRANS_CI_TRIES:-3} pause=${ONETRANS_CI_PAUSE:-15} n=1 rc
  while :; do
    if "$@"; then return 0; else rc=$?; fi
    if [ "$n" -ge "$tries" ]; then
      echo "ci: \`$*\` failed $n times (exit $rc)" >&2
      return "$rc"
    fi
    echo "ci: \`$*\` failed (exit $rc); try $((n + 1)) of $tries in ${pause}s" >&2
    sleep "$pause"
    n=$((n + 1))
  done
}

# apt_update: apt-get update until it reports no error, at most ONETRANS_CI_TRIES times.
# Always returns 0: stale or partial lists often still hold what the step installs, and the
# install that follows is what decides.
apt_update() {
  local tries=${ONETRANS_CI_TRIES:-3} pause=${ONETRANS_CI_PAUSE:-15} n=1 rc out
  while :; do
    if out=$(apt-get update -qq 2>&1); then rc=0; else rc=$?; fi
    [ -z "$out" ] || printf '%s\n' "$out"
    # apt-get update exits 0 on some fetch failures and only warns: look at what it said too.
    if [ "$rc" -eq 0 ] && ! grep -Eq '^(E:|Err:|W: (Failed to fetch|Some index files failed))' <<<"$out"; then
      return 0
    fi
    if [ "$n" -ge "$tries" ]; then
      echo "ci: apt-get update still reports errors after $n tries (exit $rc); installing with the package lists there are" >&2
      return 0
    fi
    echo "ci: apt-get update reported errors (exit $rc); try $((n + 1)) of $tries in ${pause}s" >&2
    sleep "$pause"
    n=$((n + 1))
  done
}

# apt_install PKG...: refreshes the lists (errors tolerated), then installs PKG... without
# recommends; a failed install is retried after a fresh update, and fails the caller after
# ONETRANS_CI_TRIES tries. No packages: nothing is done.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  local tries=${ONETRANS_CI_TRIES:-3} pause=${ONETRANS_CI_PAUSE:-15} n=1 rc
  echo "ci: installing $*"
  apt_update
  while :; do
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Acquire::Retries=3 "$@"; then
      return 0
    else
      rc=$?
    fi
    if [ "$n" -ge "$tries" ]; then
      echo "ci: apt-get install $* failed $n times (exit $rc)" >&2
      return "$rc"
    fi
    echo "ci: apt-get install failed (exit $rc); try $((n + 1)) of $tries in ${pause}s, after a fresh apt-get update" >&2
    sleep "$pause"
    apt_update
    n=$((n + 1))
  done
}
