#!/usr/bin/env bash
# ops/pgtest.sh — a throw-away PostgreSQL for the store's contract tests.
#
#   bash ops/pgtest.sh go test ./bot/feedlog/... ./cmd/nursling/...
#       starts a server, runs the command with NURSLING_TEST_POSTGRES set to
#       its DSN, stops the server and deletes its folder (exit code: the
#       command's).
#   bash ops/pgtest.sh
#       starts a server, prints the DSN and waits; Ctrl-C stops it.
#
# It installs Debian's postgresql package when no server binaries are found
# (as root, with apt-get), runs initdb in a temporary folder as an
# unprivileged user (postgres, else nobody; yourself when not root), and
# listens on 127.0.0.1 only, on a free port, with trust authentication for
# the one local role "nursling". Nothing outside the temporary folder is
# touched, and nothing is left running.
set -euo pipefail

log() { echo "pgtest: $*" >&2; }

find_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

BINDIR=$(find_bindir || true)
if [[ -z $BINDIR ]]; then
	if [[ $(id -u) -ne 0 ]]; then
		log "no PostgreSQL server found; install it with: sudo apt-get install -y postgresql"
		exit 1
	fi
	log "installing Debian's postgresql package"
	# Debian's package would create and start a cluster of its own; this
	# script needs none.
	mkdir -p /etc/postgresql-common
	grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
		echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
	BINDIR=$(find_bindir) || { log "postgresql installed but initdb not found"; exit 1; }
fi

# The server refuses to run as root: use an unprivileged account.
RUN=()
if [[ $(id -u) -eq 0 ]]; then
	PGUSER_OS=nobody
	id postgres >/dev/null 2>&1 && PGUSER_OS=postgres
	RUN=(runuser -u "$PGUSER_OS" --)
fi

DIR=$(mktemp -d /tmp/nursling-pg.XXXXXX)
chmod 700 "$DIR"
[[ ${#RUN[@]} -gt 0 ]] && chown "$PGUSER_OS" "$DIR"

PORT=""
cleanup() {
	local j
	for j in $(jobs -p); do kill "$j" 2>/dev/null || true; done
	if [[ -f $DIR/data/postmaster.pid ]]; then
		"${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${RUN[@]}" "$BINDIR/initdb" -D "$DIR/data" -U nursling --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 ||
	{ cat "$DIR/initdb.log" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for _ in 1 2 3 4 5 6 7 8; do
	PORT=$((20000 + RANDOM % 40000))
	port_free "$PORT" || continue
	if "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 ${PGTEST_SERVER_OPTS:-}" start >/dev/null; then
		started=1
		break
	fi
done
if [[ -z $started ]]; then
	log "the server did not start:"
	tail -20 "$DIR/server.log" >&2 || true
	exit 1
fi

"${RUN[@]}" "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U nursling -d postgres -qAt -c 'CREATE DATABASE nursling_test' >/dev/null
export NURSLING_TEST_POSTGRES="postgres://nursling@127.0.0.1:$PORT/nursling_test?sslmode=disable"
log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (folder $DIR)"

if [[ $# -eq 0 ]]; then
	echo "export NURSLING_TEST_POSTGRES='$NURSLING_TEST_POSTGRES'"
	log "Ctrl-C stops it"
	# wait (unlike a foreground sleep) lets a TERM run the cleanup at once.
	while :; do
		sleep 3600 &
		wait $!
	done
fi
set +e
"$@"
rc=$?
set -e
exit $rc
