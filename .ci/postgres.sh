# Sourced by .ci/run. Makes sure a PostgreSQL server runs on 127.0.0.1:5432
# (installing it from Debian's packages when absent), creates a fresh
# database for this run, and exports WINNOW_TEST_POSTGRES (its URL) and
# WINNOW_REQUIRE_POSTGRES=1 so PostgreSQL tests fail instead of skipping.
# Tests create and drop their own schemas inside that database.

winnow_pg_psql() {
  # As the postgres OS user over the Unix socket: peer authentication works
  # on a fresh install as well as on a cluster set to trust.
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
}

winnow_pg_setup() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "== installing PostgreSQL"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "postgres.sh: no PostgreSQL cluster under /etc/postgresql" >&2
    return 1
  fi
  if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" && $4 ~ /^online/ { found = 1 } END { exit !found }'; then
    echo "== starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  local i
  for i in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432

  local db="winnow_ci_$$_$(date +%s)"
  winnow_pg_psql <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'winnow_ci') THEN
    CREATE ROLE winnow_ci LOGIN PASSWORD 'winnow_ci';
  END IF;
END \$\$;
CREATE DATABASE $db OWNER winnow_ci ENCODING 'UTF8' TEMPLATE template0;
SQL
  WINNOW_CI_DATABASE=$db
  export WINNOW_TEST_POSTGRES="postgres://winnow_ci:winnow_ci@127.0.0.1:5432/$db?sslmode=disable"
  export WINNOW_REQUIRE_POSTGRES=1
  echo "== PostgreSQL ready: database $db"
}

winnow_pg_cleanup() {
  if [ -n "${WINNOW_CI_DATABASE:-}" ]; then
    winnow_pg_psql -c "DROP DATABASE IF EXISTS $WINNOW_CI_DATABASE WITH (FORCE)" || true
  fi
}

winnow_pg_setup
trap winnow_pg_cleanup EXIT
