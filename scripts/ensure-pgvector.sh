#!/usr/bin/env bash
# Makes the pgvector extension available to the local PostgreSQL server.
#
#   scripts/ensure-pgvector.sh [PG_URL]
#
# Idempotent: exits at once when the server already offers `vector`. Otherwise (as root, on
# Debian) it builds pgvector from source. Debian bookworm ships no pgvector package, but its
# archive carries the upstream source tarball (for newer releases), so only Debian's mirror
# is needed: no GitHub, no PGDG repository.
set -euo pipefail

PG_URL="${1:-${VITRINE_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}"
PGVECTOR_VERSION=0.8.0
# sha256 of pgvector_0.8.0.orig.tar.gz as published in Debian's archive.
PGVECTOR_SHA256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
TARBALL="pgvector_${PGVECTOR_VERSION}.orig.tar.gz"

log() { echo "ensure-pgvector: $*" >&2; }
die() { log "error: $*"; exit 1; }

sql() { psql "$PG_URL" -X -Atq -v ON_ERROR_STOP=1 -c "$1"; }

vector_available() {
  [ "$(sql "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")" = "1" ]
}

command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client)"
sql "SELECT 1" >/dev/null || die "cannot connect to PostgreSQL at $PG_URL"

if vector_available; then
  log "vector is already available on $PG_URL"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "vector is not installed on $PG_URL; run this script as root to build it"

major="$(( $(sql "SHOW server_version_num") / 10000 ))"
pg_config="/usr/lib/postgresql/${major}/bin/pg_config"
[ -d "/usr/lib/postgresql/${major}" ] ||
  die "the server at $PG_URL is PostgreSQL ${major}, which is not installed on this machine; install pgvector where the server runs"
log "PostgreSQL ${major}: building pgvector ${PGVECTOR_VERSION} from Debian's source tarball"

packages=("postgresql-server-dev-${major}" build-essential)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  # Fresh containers ship without package lists.
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    log "apt-get update"
    apt-get update -q
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Every Debian archive configured for apt, one-line (.list) and deb822 (.sources) formats.
mirrors() {
  {
    grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -E 's/^\s*deb\s+(\[[^]]*\]\s+)?//' | awk '{print $1}'
    grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -E 's/^\s*URIs:\s*//' | tr ' ' '\n'
  } | grep -E '^https?://' | grep -v -- '-security' | sed 's:/*$::' | awk '!seen[$0]++'
}

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

downloaded=""
for mirror in $(mirrors); do
  url="${mirror}/pool/main/p/pgvector/${TARBALL}"
  log "downloading ${url}"
  if curl -fsSL --retry 2 --connect-timeout 15 -o "${workdir}/${TARBALL}" "$url"; then
    downloaded="$url"
    break
  fi
done
[ -n "$downloaded" ] || die "could not download ${TARBALL} from any mirror in /etc/apt/sources.list*"
echo "${PGVECTOR_SHA256}  ${workdir}/${TARBALL}" | sha256sum -c --quiet - || die "checksum mismatch for ${downloaded}"

tar -xzf "${workdir}/${TARBALL}" -C "$workdir"
source_dir="$(find "$workdir" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
# OPTFLAGS="" drops -march=native, so the library also runs on other CPUs of the same arch.
log "make (${source_dir})"
make -s -C "$source_dir" PG_CONFIG="$pg_config" OPTFLAGS="" -j"$(nproc)"
log "make install"
make -s -C "$source_dir" PG_CONFIG="$pg_config" OPTFLAGS="" install

vector_available || die "pgvector was installed, but the server at $PG_URL still does not list it"
log "vector is now available on $PG_URL"
