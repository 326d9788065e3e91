"""Each return's records live in their own partition of the record table.

A load COPYs the file into a new table (return_id and id first) that has no index, checks it
and attaches it; superseding a version detaches and drops its partition. Rows of one return
are therefore written once, and nothing is in force before the load's transaction commits.
"""


def partition_name(table: str, return_id: int) -> str:
    return f"{table}_r{int(return_id)}"


def create_for_return(cursor, table: str, return_id: int) -> str:
    """A table shaped like the record table, whose rows all belong to the return and whose id
    is the row's number in the file (the header is row 1)."""
    name, rid = partition_name(table, return_id), int(return_id)
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TABLE {name} ({_columns_key_first(cursor, table)})")
    cursor.execute(
        f"ALTER TABLE {name} ALTER COLUMN return_id SET DEFAULT {rid}, "
        f"ADD CONSTRAINT {name}_return CHECK (return_id = {rid}), "
        f"ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH 2 CACHE 100000)"
    )
    return name


def _columns_key_first(cursor, table: str) -> str:
    """The record table's columns (types, collations, NOT NULL, defaults, as LIKE ... INCLUDING
    DEFAULTS copies them), return_id and id first. A partition may order its columns unlike
    its parent, which maps them; building the key then reads two fixed-width values at the
    start of each row instead of walking every text column to reach return_id at the end."""
    cursor.execute(
        "SELECT string_agg(format('%%I %%s%%s%%s%%s', a.attname, "
        "format_type(a.atttypid, a.atttypmod), "
        "CASE WHEN a.attcollation <> t.typcollation "
        "THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END, "
        "CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, "
        "COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')), ', ' "
        "ORDER BY a.attname <> 'return_id', a.attname <> 'id', a.attnum) "
        "FROM pg_attribute AS a JOIN pg_type AS t ON t.oid = a.atttypid "
        "LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
        [table],
    )
    return cursor.fetchone()[0]


def attach(cursor, table: str, return_id: int) -> None:
    name, rid = partition_name(table, return_id), int(return_id)
    cursor.execute(f"ALTER TABLE {name} ALTER COLUMN id DROP IDENTITY")
    # A table made in this transaction has no statistics, and the planner guesses that
    # return_id = N keeps one row in 200: the return's figures would not read its rows in a
    # parallel scan. A sample of 300 rows tells it that every row is the return's, and leaves
    # the full ANALYZE to autovacuum.
    cursor.execute(f"ALTER TABLE {name} ALTER COLUMN return_id SET STATISTICS 1")
    cursor.execute(f"ANALYZE {name} (return_id)")
    # The check constraint lets ATTACH skip scanning the rows; the record tables keep no
    # index to build (migration 0012): every read is of one return's partition, whole.
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES IN ({rid})")


def drop_for_returns(cursor, table: str, return_ids) -> None:
    for rid in return_ids:
        name = partition_name(table, rid)
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if cursor.fetchone()[0]:
            cursor.execute(f"ALTER TABLE {table} DETACH PARTITION {name}")
            cursor.execute(f"DROP TABLE {name}")
