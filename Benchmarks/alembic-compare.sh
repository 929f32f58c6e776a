#!/usr/bin/env bash
# The same workloads as Benchmarks/revisions.sh, run with Alembic (from PyPI) for comparison:
#   alembic history and alembic heads on a 10,000-revision chain;
#   alembic upgrade base:head --sql on 1,000 revisions (each a table with 8 columns and an index).
#
#   Benchmarks/alembic-compare.sh [RUNS]      (needs python3 with venv and pip, and the network once)
set -euo pipefail
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
venv="${ALEMBIC_VENV:-$work/venv}"
if [ ! -x "$venv/bin/alembic" ]; then
    python3 -m venv "$venv" >/dev/null
    "$venv/bin/pip" install -q alembic
fi
"$venv/bin/alembic" --version

make_project() {  # DIR COUNT
    local dir="$1" count="$2"
    mkdir -p "$dir/versions"
    cat > "$dir/alembic.ini" <<INI
[alembic]
script_location = $dir
sqlalchemy.url = sqlite:///$dir/db.sqlite
INI
    cat > "$dir/env.py" <<'PY'
from alembic import context
config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    raise SystemExit("offline only")
PY
    cp "$venv"/lib/python3*/site-packages/alembic/templates/generic/script.py.mako "$dir/"
    "$venv/bin/python" - "$dir" "$count" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
parent = None
for i in range(n):
    rid = "%012x" % (0xA0000000 + i)
    with open(f"{d}/versions/{rid}_add_table_{i}.py", "w") as f:
        f.write(f'''"""add table {i}"""
from alembic import op
import sqlalchemy as sa
revision = "{rid}"
down_revision = {repr(parent)}
branch_labels = None
depends_on = None
def upgrade():
    op.create_table("Table{i}",
        sa.Column("Id", sa.BigInteger, primary_key=True), sa.Column("Name", sa.String(100)),
        sa.Column("Amount", sa.Numeric), sa.Column("Flag", sa.Boolean), sa.Column("Created", sa.DateTime),
        sa.Column("Payload", sa.LargeBinary), sa.Column("Score", sa.Float), sa.Column("Tags", sa.Text))
    op.create_index("Table{i}ByName", "Table{i}", ["Name"])
def downgrade():
    op.drop_index("Table{i}ByName")
    op.drop_table("Table{i}")
''')
    parent = rid
PY
}
make_project "$work/chain10k" 10000
make_project "$work/chain1k" 1000

measure() {
    local label="$1"; shift
    local times=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>/dev/null
        times+=("$(cat "$work/time")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v runs="$runs" '
        { t[NR] = $1; if ($2 > peak) peak = $2 }
        END { printf "%-48s best %.3f s, median %.3f s over %d runs; peak RSS %.1f MB\n", label, t[1], t[int((NR + 1) / 2)], runs, peak / 1024 }'
}
measure "alembic history (10,000 revisions)" "$venv/bin/alembic" -c "$work/chain10k/alembic.ini" history
measure "alembic heads (10,000 revisions)" "$venv/bin/alembic" -c "$work/chain10k/alembic.ini" heads
measure "alembic upgrade base:head --sql (1,000 revisions)" "$venv/bin/alembic" -c "$work/chain1k/alembic.ini" upgrade base:head --sql
